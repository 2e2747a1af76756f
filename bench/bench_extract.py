"""Speed of extraction: messages/s and transcripts/s on one core after warm-up, and cold start.

    python bench/bench_extract.py [--devset DIR] [--seconds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SAMPLE_MESSAGES = [
    "包工头老李欠俺们班组十几个人三个月工钱，每人每月七千五，在郑州中牟的工地",
    "老板欠我工资两万八 在深圳宝安一个电子厂 电话13912345678",
    "我们28个人 去年十月到今年一月 一分钱没给 现在都在项目部门口",
    "工厂拖了我两个月工资，每个月六千五，厂在东莞长安，老板姓陈",
    "欠了12k 两个月的 海淀区一家餐厅 我是服务员",
]
SAMPLE_TRANSCRIPT = ("坐席：您好，12333，请讲。\n来电人：我们在成都龙泉驿一个工地干活，包工头欠我们工资。\n"
                     "坐席：包工头叫什么？\n来电人：张建国。\n坐席：几个人？欠多少？\n来电人：八个人，一共十二万四。\n"
                     "坐席：十二万四千元，对吗？\n来电人：对。\n坐席：电话？\n来电人：一三九 一二三四 五六七八。")
COLD = ("import time; t=time.perf_counter(); from intake.extract import extract; import datetime;"
        "extract('包工头叫张建国他欠我三万五，在青岛黄岛区的工地干的', datetime.date(2026,1,6));"
        "print(time.perf_counter()-t)")


def _texts(devset: Path | None, name: str, fallback: list[str]) -> list[str]:
    """Texts of a devset file when present, else the built-in samples."""
    path = devset / f"{name}.jsonl" if devset else None
    if path and path.exists():
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        return [r["text"] for r in rows if r["id"][0] != "B"] or fallback
    return fallback


def rate(texts: list[str], seconds: float) -> float:
    """Extractions per second over a warmed-up loop."""
    from intake.extract import extract

    ref = dt.date(2026, 3, 1)
    for t in texts:
        extract(t, ref)
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for t in texts:
            extract(t, ref)
        n += len(texts)
    return n / (time.perf_counter() - start)


# The gateway calls extract(text, ref, expecting=slot) on every dialogue reply: mostly short answers.
SLOT_ANSWERS = [
    ("consent", "同意", "consent"), ("name", "李明", "name"), ("phone", "13953201234", "phone"),
    ("project", "海棠花园二期", "project"), ("period", "去年十月到今年一月", "period"),
    ("complaint", "包工头老李欠俺们班组十几个人三个月工钱，每人每月七千五，在郑州中牟的工地，电话13953201234", None),
]


def per_call(text: str, slot: str | None, rounds: int = 7, n: int = 300) -> float:
    """Median microseconds per extract() call, each round timed on its own."""
    from intake.extract import extract

    ref = dt.date(2026, 3, 1)
    for _ in range(50):
        extract(text, ref, expecting=slot)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(n):
            extract(text, ref, expecting=slot)
        times.append((time.perf_counter() - start) / n * 1e6)
    return sorted(times)[len(times) // 2]


def cold_start() -> float:
    """Wall time from interpreter start to the first extraction done, dictionaries included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    return time.perf_counter() - start


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_dev = Path(os.environ.get("GONGQIAN_DEVSET", ROOT.parent / "shared" / "devset"))
    ap.add_argument("--devset", type=Path, default=default_dev)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()
    devset = args.devset if args.devset.exists() else None
    cold = min(cold_start() for _ in range(3))
    msgs = rate(_texts(devset, "messages", SAMPLE_MESSAGES), args.seconds)
    calls = rate(_texts(devset, "transcripts", [SAMPLE_TRANSCRIPT]), args.seconds)
    print(f"cold start (process start → first extraction): {cold:.2f} s   target ≤ 1.5 s")
    print(f"worker messages:  {msgs:8.0f} /s   target ≥ 1000")
    print(f"transcripts:      {calls:8.0f} /s   target ≥ 100")
    print("dialogue answers (median µs per call; targets: short ≤ 120, complaint ≤ 600):")
    for label, text, slot in SLOT_ANSWERS:
        print(f"  {label:10} {per_call(text, slot):8.1f} µs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
