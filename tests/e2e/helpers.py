"""What every browser journey does the same way: sign in through the real
login form (so CSRF, login throttling and the redirect are exercised)."""

PASSWORD = "e2e-password-档案"


def login(page, base_url: str, username: str, next_path: str = "/admin/") -> None:
    """Sign in as `username` (password `PASSWORD`) and land on `next_path`."""
    page.goto(f"{base_url}/admin/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**{next_path}")


def public_site_ensure() -> None:
    """The public site as the migrations leave it: a browser journey runs on a
    transactional database, which an earlier journey may have flushed (and
    with it the home page and the site the migrations made)."""
    from wagtail.models import Locale, Page, Site

    from archive_site.models import HomePage

    site = Site.objects.filter(is_default_site=True).first()
    if site is not None and isinstance(site.root_page.specific, HomePage):
        return
    Locale.objects.get_or_create(language_code="zh-hans")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root")
    )
    home = root.add_child(instance=HomePage(title="行政执法档案馆", slug="home"))
    Site.objects.all().delete()
    Site.objects.create(
        hostname="localhost", root_page=home, is_default_site=True, port=80
    )
