-- The HTML book for every reader (WCAG 2.1 AA, see docs/aksesibilitas.md), at the source:
--   * tables: header cells scope="col"; a group heading row (only its first cell filled, in bold,
--     as present/tabel.py writes `kelompok` rows) becomes the heading of its own row group
--     (<th scope="rowgroup" colspan=n> in a <tbody> of its own); the first cell of every other
--     row is its row header (<th scope="row">), unless a row of the group leaves it empty;
--   * a table's box (and a chart's, which scrolls on a phone), which scrolls sideways when it is
--     wider than the page, can be reached with the keyboard: tabindex="0", role="region",
--     named by its caption;
--   * the home page has one h1 (the book's title): its own level-1 headings become level 2.
-- Only for HTML; the PDF and DOCX keep their structure.

if not quarto.doc.is_format("html") then
  return {}
end

local function kosong(cell)
  return #cell.contents == 0 or pandoc.utils.stringify(cell.contents):match("^%s*$") ~= nil
end

local function tebal(cell)
  local blocks = cell.contents
  if #blocks ~= 1 or (blocks[1].t ~= "Plain" and blocks[1].t ~= "Para") then
    return false
  end
  local seen_strong = false
  for _, inline in ipairs(blocks[1].content) do
    if inline.t == "Strong" then
      seen_strong = true
    elseif inline.t ~= "Space" and not (inline.t == "Str" and inline.text:match("^[\u{2003}%s]*$")) then
      return false
    end
  end
  return seen_strong
end

local function baris_kelompok(row, ncol)
  if ncol < 2 or #row.cells ~= ncol or not tebal(row.cells[1]) then
    return false
  end
  for i = 2, #row.cells do
    if not kosong(row.cells[i]) then
      return false
    end
  end
  return true
end

local function Table(tbl)
  local ncol = #tbl.colspecs
  for _, row in ipairs(tbl.head.rows) do
    for _, cell in ipairs(row.cells) do
      cell.attributes.scope = "col"
    end
  end
  local bodies = pandoc.List()
  for _, body in ipairs(tbl.bodies) do
    local current = { attr = body.attr, row_head_columns = 1, head = pandoc.List(body.head), body = pandoc.List() }
    for _, row in ipairs(body.body) do
      if baris_kelompok(row, ncol) then
        if #current.body > 0 or #current.head > 0 then
          bodies:insert(current)
        end
        local cell = row.cells[1]
        cell.col_span = ncol
        cell.attributes.scope = "rowgroup"
        row.cells = pandoc.List({ cell })
        current = { attr = pandoc.Attr(), row_head_columns = 1, head = pandoc.List({ row }), body = pandoc.List() }
      else
        if ncol > 1 and #row.cells > 0 then
          row.cells[1].attributes.scope = "row"
        end
        current.body:insert(row)
      end
    end
    bodies:insert(current)
  end
  -- a row group whose rows continue the row above (first cell empty) has no row headers: an
  -- empty <th> names nothing
  for _, body in ipairs(bodies) do
    for _, row in ipairs(body.body) do
      if #row.cells > 0 and kosong(row.cells[1]) then
        body.row_head_columns = 0
        for _, r in ipairs(body.body) do
          if #r.cells > 0 then r.cells[1].attributes.scope = nil end
        end
        break
      end
    end
  end
  tbl.bodies = bodies
  return tbl
end

local function beranda()
  local input = quarto.doc.input_file or ""
  return input:match("index%.[^/\\]*$") ~= nil
end

local function Header(h)
  if h.level == 1 and beranda() then
    h.level = 2
    return h
  end
end

-- After Quarto laid out its floats: the div around a table, which carries aria-describedby (the
-- caption's id), is the box that scrolls; it gets a tab stop, a role and the caption as its name.
local function Div(div)
  local caption = div.attributes["aria-describedby"]
  if not caption then
    return nil
  end
  local has_table, has_image = false, false
  div.content:walk({ Table = function(t) has_table = true end, Image = function(i) has_image = true end })
  if not has_table and not has_image then
    return nil
  end
  div.classes:insert(has_table and "tabel-gulir" or "grafik-gulir")
  div.attributes.tabindex = "0"
  div.attributes.role = "region"
  div.attributes["aria-labelledby"] = caption
  return div
end

return {
  { Header = Header, Table = Table },
  { Div = Div },
}
