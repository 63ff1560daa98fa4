-- The marks around each narrative file's paragraphs (divs with the id `narasi_<place>`, written by
-- lkjip.present.narasi.Penulis) are for the Word book only: pandoc writes them there as bookmarks,
-- which `lkjip narasi impor` reads back after the office edited the DOCX. Every other format gets
-- the paragraphs without the div, so HTML and PDF are what they were without marks.
function Div(el)
  if el.identifier:match("^narasi_") and not quarto.doc.is_format("docx") then
    return el.content
  end
end
