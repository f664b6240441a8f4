"""StreamField blocks of the public pages.

The 政府信息公开指南 (Art. 12) tells the public what an agency publishes and
how to apply; its parts are typed blocks (contacts, address, office hours)
so that every agency's guide reads the same way and editors fill in facts,
not layout.
"""

from wagtail import blocks


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label="联系部门或联系人")
    phone = blocks.CharBlock(label="联系电话", required=False)
    fax = blocks.CharBlock(label="传真", required=False)
    email = blocks.EmailBlock(label="电子邮箱", required=False)

    class Meta:
        label = "联系方式"
        icon = "user"
        template = "archive_site/pages/blocks/contact.html"


class AddressBlock(blocks.StructBlock):
    office = blocks.CharBlock(label="受理机构")
    address = blocks.CharBlock(label="地址")
    postcode = blocks.RegexBlock(
        label="邮政编码",
        regex=r"^\d{6}$",
        required=False,
        error_messages={"invalid": "邮政编码应为 6 位数字。"},
    )

    class Meta:
        label = "受理地址"
        icon = "site"
        template = "archive_site/pages/blocks/address.html"


class OfficeHoursBlock(blocks.StructBlock):
    days = blocks.CharBlock(label="受理日")
    hours = blocks.CharBlock(label="受理时间")
    note = blocks.TextBlock(label="说明", required=False)

    class Meta:
        label = "受理时间"
        icon = "time"
        template = "archive_site/pages/blocks/office_hours.html"


class GuideStreamBlock(blocks.StreamBlock):
    text = blocks.RichTextBlock(
        label="正文", features=["h2", "h3", "bold", "ol", "ul", "link"]
    )
    contacts = ContactBlock()
    address = AddressBlock()
    office_hours = OfficeHoursBlock()
