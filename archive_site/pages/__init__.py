"""Request handling of the public 政府信息公开 pages (issue #13).

`apply` files an application from the form, `status` answers 申请查询 and
serves what the session's application may download, `downloads` sends a
letter or a release (logged first) and answers the e-mailed token links,
`forms` holds the forms and their accessible error marking, `uploads` turns
uploaded attachments into checked files, `limits` counts submissions and
failed look-ups. The page models in `archive_site.models` call these; none
of these modules imports the models.
"""
