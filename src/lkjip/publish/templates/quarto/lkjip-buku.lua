-- lkjip-buku.lua: the book's structure as published LKjIPs print it, for the Typst PDF and the
-- DOCX (the HTML book keeps its pages as they are: one title per page). Ships with the package
-- beside typst-show.typ; the top-level _quarto.yml names it under `filters`.
--
-- * Front matter: the index chapter's wrapper heading ("Ringkasan", a level-1 heading followed
--   directly by another heading) is not printed, and its sections (Kata Pengantar, Ikhtisar
--   Eksekutif) become front-matter titles of their own, each on a new page.
-- * Typst: before the first numbered chapter, the lists (Daftar Isi, Daftar Tabel, Daftar
--   Gambar: lkjip-daftar in typst-show.typ), then page numbers restart at 1 in arabic figures.
--   The DOCX gets its lists from lkjip.publish.word (generated text, no field to update).
-- * Hierarchical table rows: the first cell's leading em spaces (lkjip.present.tabel INDEN, two
--   per level) become an indented block in Typst and HTML, so a wrapped line stays under its
--   parent instead of returning to the cell's edge (the DOCX: lkjip.publish.word, as a hanging
--   paragraph indent).

local EM = "\u{2003}"

local function is_typst() return quarto.doc.is_format("typst") end
local function is_docx() return quarto.doc.is_format("docx") end
local function is_html() return quarto.doc.is_format("html") end

local function numbered(h)
  return not h.classes:includes("unnumbered")
end

-- The next block that a reader sees (raw markers and comments skipped).
local function next_visible(blocks, i)
  for j = i + 1, #blocks do
    local b = blocks[j]
    if b.t ~= "RawBlock" then return b end
  end
  return nil
end

local function front_matter(doc)
  local out = pandoc.List()
  local front = true
  local blocks = doc.blocks
  for i, b in ipairs(blocks) do
    local keep = true
    if b.t == "Header" then
      if b.level == 1 and numbered(b) and front then
        front = false
        if is_typst() then
          out:insert(pandoc.RawBlock("typst",
            '#lkjip-daftar()\n#pagebreak(weak: true, to: if lkjip-dua-sisi { "odd" })\n'
            .. '#set page(numbering: "1")\n#counter(page).update(1)'))
        end
      end
      local nxt = next_visible(blocks, i)
      if front and b.level == 1 and not numbered(b) and nxt and nxt.t == "Header" then
        keep = false
      elseif front and b.level == 2 then
        b.level = 1
      end
    end
    if keep then out:insert(b) end
  end
  doc.blocks = out
  return doc
end

-- Leading em spaces of a cell's first inline, as a level (two per level) and the rest.
local function level_of(inlines)
  local first = inlines[1]
  if first == nil or first.t ~= "Str" then return 0 end
  local text = first.text
  local n = 0
  while text:sub(1 + n * #EM, (n + 1) * #EM) == EM do n = n + 1 end
  if n == 0 then return 0 end
  local rest = text:sub(n * #EM + 1)
  if rest == "" then inlines:remove(1) else first.text = rest end
  return n
end

local function indent_cell(cell)
  local block = cell.contents[1]
  -- DOCX: the em spaces stay; lkjip.publish.word turns them into a paragraph indent
  if is_docx() or block == nil or (block.t ~= "Plain" and block.t ~= "Para") then return cell end
  local n = level_of(block.content)
  if n == 0 then return cell end
  local em = n / 2
  if is_typst() then
    local content = pandoc.List({pandoc.RawInline("typst", "#lkjip-tingkat(" .. em .. ")[")})
    content:extend(block.content)
    content:insert(pandoc.RawInline("typst", "]"))
    block.content = content
  elseif is_html() then
    block.content = {pandoc.Span(block.content, {class = "lkjip-tingkat", style = "padding-left: " .. em .. "em"})}
  end
  return cell
end

local function tables(tbl)
  for _, body in ipairs(tbl.bodies) do
    for _, row in ipairs(body.body) do
      if row.cells[1] then indent_cell(row.cells[1]) end
    end
  end
  return tbl
end

return {
  { Table = tables },
  { Pandoc = function(doc)
      if is_typst() or is_docx() then return front_matter(doc) end
      return nil
    end },
}
