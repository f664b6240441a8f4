"""OFD documents (GB/T 33190-2016) written for the tests, part by part.

`ofd_document` writes what an OFD producer writes: `OFD.xml` naming
`Doc_0/Document.xml`, whose `Pages` list each page's `Content.xml` in reading
order, and per page a layer of `TextObject`s holding `TextCode`s. The zip's
member order can differ from the page order, as it does in real files.
"""

import io
import zipfile

NS = "http://www.ofdspec.org/2016"

OFD_XML = f"""<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">
  <ofd:DocBody>
    <ofd:DocInfo><ofd:DocID>test</ofd:DocID></ofd:DocInfo>
    <ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
  </ofd:DocBody>
</ofd:OFD>"""


def document_xml(locations: list[str]) -> str:
    pages = "".join(
        f'<ofd:Page ID="{n}" BaseLoc="{loc}"/>' for n, loc in enumerate(locations, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{NS}">'
        "<ofd:CommonData><ofd:MaxUnitID>99</ofd:MaxUnitID></ofd:CommonData>"
        f"<ofd:Pages>{pages}</ofd:Pages></ofd:Document>"
    )


def content_xml(lines: list[str]) -> str:
    """A page whose every line is a TextObject; a line's words (split on "|")
    are TextCodes of their own, the last in a PageBlock."""
    objects = []
    for n, line in enumerate(lines, 1):
        codes = "".join(
            f'<ofd:TextCode X="{10 * i}" Y="{20 * n}">{word}</ofd:TextCode>'
            for i, word in enumerate(line.split("|"))
        )
        objects.append(
            f'<ofd:PageBlock ID="{100 + n}"><ofd:TextObject ID="{n}" '
            f'Boundary="0 0 200 20" Font="1" Size="5">{codes}</ofd:TextObject>'
            "</ofd:PageBlock>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{NS}">'
        f'<ofd:Content><ofd:Layer ID="1">{"".join(objects)}</ofd:Layer>'
        "</ofd:Content></ofd:Page>"
    )


def ofd_document(
    pages: list[list[str]],
    *,
    order: list[int] | None = None,
    parts: dict[str, str | bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> bytes:
    """An OFD file whose page n (1-based, reading order) holds `pages[n-1]`.

    Args:
        pages: the lines of each page.
        order: the page folders in reading order (default 0, 1, 2…): [2, 0, 1]
            makes the first page `Pages/Page_2/Content.xml`.
        parts: members to add or to replace (name -> text or bytes).
        drop: members to leave out (e.g. a page's Content.xml).
    """
    order = list(range(len(pages))) if order is None else order
    locations = [f"Pages/Page_{folder}/Content.xml" for folder in order]
    members = {"OFD.xml": OFD_XML, "Doc_0/Document.xml": document_xml(locations)}
    # Page folders are written in folder order, not in reading order.
    for folder, lines in sorted(zip(order, pages, strict=True)):
        members[f"Doc_0/Pages/Page_{folder}/Content.xml"] = content_xml(lines)
    members.update(parts or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in members.items():
            if name not in drop:
                package.writestr(name, content)
    return out.getvalue()
