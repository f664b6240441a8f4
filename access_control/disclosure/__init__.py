"""政府信息公开 (政府信息公开条例, 国务院令第711号, 2019): applications, the
statutory clock, the officer's work, the released information and the annual
report. The public pages and the admin desk are in `archive_site`."""
