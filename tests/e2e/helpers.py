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
