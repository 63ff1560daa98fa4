"""lkjip: reproducible LKjIP reports from raw CSV data."""
