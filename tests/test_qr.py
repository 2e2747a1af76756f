"""`gongqian qr`: sticker sheets whose QR codes, read back by zbarimg, open the right project."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import qrcode
from aiohttp import web

from bot import stickers
from bot.channels import wechat_api
from bot.cli import main
from tests.loopback import serving
from tests.wechat_world import APP_ID, APP_SECRET, StandIn

PUBLIC = "https://gq.example.org"
CSV = """code,name,address,district,general_contractor,industry
SZ001,龙岗锦澜湾三期,深圳市龙岗区坪地街道,龙岗区,深圳建工集团,construction
SZ002,坪山中心区安置房二标段,深圳市坪山区,坪山区,中建三局,construction
CD007,龙泉湖畔雅苑,成都市龙泉驿区,龙泉驿区,,construction
"""
WECHAT_QR_CONTENT = "http://weixin.qq.com/q/kTMK"  # what the stand-in's ticket image encodes


@pytest.fixture
def registry(tmp_path, monkeypatch):
    if stickers.find_font() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("no CJK font: apt-get install fonts-wqy-zenhei")
        pytest.skip("no CJK font installed (apt-get install fonts-wqy-zenhei)")
    monkeypatch.setenv("GONGQIAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("GONGQIAN_PUBLIC_URL", PUBLIC)
    (tmp_path / "projects.csv").write_text(CSV, encoding="utf-8")
    assert main(["projects", "import", str(tmp_path / "projects.csv")]) == 0
    return tmp_path


def decoded(image: Path) -> list[str]:
    """Every QR code zbarimg finds in the image."""
    if not shutil.which("zbarimg"):
        if os.environ.get("CI") == "true":
            pytest.fail("zbarimg is missing: apt-get install zbar-tools")
        pytest.skip("zbarimg is missing (apt-get install zbar-tools)")
    found = subprocess.run(["zbarimg", "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(image)],
                           capture_output=True, text=True, check=False)
    return sorted(found.stdout.split())


def test_each_sticker_opens_its_project_page(registry):
    out = registry / "stickers.png"
    assert main(["qr", "--project", "SZ001", "sz002", "--copies", "2", "--out", str(out)]) == 0
    assert decoded(out) == [f"{PUBLIC}/p/SZ001"] * 2 + [f"{PUBLIC}/p/SZ002"] * 2


@pytest.mark.parametrize(("projects", "copies", "pages"), [(["SZ001", "SZ002", "CD007"], 8, 3),
                                                            (["SZ001", "SZ002", "CD007"], 3, 2),
                                                            (["SZ001"], 1, 1)])
def test_the_pdf_has_one_a4_page_per_eight_stickers(registry, projects, copies, pages):
    out = registry / "stickers.pdf"
    assert main(["qr", "--project", *projects, "--copies", str(copies), "--out", str(out)]) == 0
    pdf = out.read_bytes().decode("latin-1")
    assert len(re.findall(r"/Type\s*/Page\b(?!s)", pdf)) == pages
    assert re.findall(r"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)", pdf) == [("595.2", "841.92")] * pages  # A4 in points


def test_the_png_sheets_are_numbered_when_there_is_more_than_one(registry, capsys):
    assert main(["qr", "--project", "SZ001", "SZ002", "--out", str(registry / "sheet.png")]) == 0
    assert sorted(p.name for p in registry.glob("sheet*.png")) == ["sheet-2.png", "sheet.png"]
    assert decoded(registry / "sheet-2.png") == [f"{PUBLIC}/p/SZ002"] * 8


@pytest.mark.parametrize(("argv", "says"), [
    (["--project", "SZ001", "NOPE1", "NOPE2", "--out", "x.pdf"], "NOPE1, NOPE2"),
    (["--project", "SZ001", "--out", "x.jpg"], ".jpg"),
    (["--project", "SZ001", "--copies", "0", "--out", "x.pdf"], "--copies"),
    (["--project", "SZ001", "--font", "/no/such/font.ttc", "--out", "x.pdf"], "font"),
])
def test_mistakes_are_named_with_a_hint_and_nothing_is_written(registry, capsys, argv, says):
    assert main(["qr", *argv]) == 2
    assert says in capsys.readouterr().err and not list(registry.glob("x.*"))


def test_wechat_stickers_carry_the_accounts_scene_code_for_the_project(registry, monkeypatch):
    world = StandIn()
    app = world.app()
    app.router.add_get("/cgi-bin/showqrcode", _ticket_image)
    with serving(app) as base:
        for name, value in {"GONGQIAN_WECHAT_API_BASE": base, "GONGQIAN_WECHAT_APP_ID": APP_ID,
                            "GONGQIAN_WECHAT_APP_SECRET": APP_SECRET}.items():
            monkeypatch.setenv(name, value)
        # The ticket image lives on mp.weixin.qq.com; here it comes from the stand-in.
        monkeypatch.setattr(wechat_api, "SHOW_QR", f"{base}/cgi-bin/showqrcode")
        out = registry / "wechat.png"
        assert main(["qr", "--project", "SZ001", "--copies", "1", "--wechat", "--out", str(out)]) == 0
    assert world.qr_requests == [{"action_name": "QR_LIMIT_STR_SCENE", "action_info": {"scene": {"scene_str": "SZ001"}}}]
    assert decoded(out) == [WECHAT_QR_CONTENT]


async def _ticket_image(request: web.Request) -> web.Response:
    """WeChat's showqrcode: the QR image of a ticket (a JPEG there; any image format works)."""
    if not request.query.get("ticket", "").startswith("gQH47joAAAAAAAAAAS"):
        return web.Response(status=404)
    buffer = io.BytesIO()
    qrcode.make(WECHAT_QR_CONTENT).save(buffer)
    return web.Response(body=buffer.getvalue(), content_type="image/png")
