"""Recipient lists: numbers normalised and checked, files streamed, everything dropped is counted."""

import pytest

from bot.broadcast.recipients import RecipientsError, Summary, normalise, read

NUMBERS = [
    ("13800000415", "+8613800000415", "ok"),
    ("+86 138-0000-0415", "+8613800000415", "ok"),
    ("0086 138 0000 0415", "+8613800000415", "ok"),
    ("86-13800000415", "+8613800000415", "ok"),
    ("(138) 0000\u30000415", "+8613800000415", "ok"),
    ("010-12345678", None, "not_mobile"),
    ("+1 202 555 0143", None, "invalid"),
    ("1380000041", None, "invalid"),
    ("12000000000", None, "invalid"),
    ("call me", None, "invalid"),
    ("", None, "empty"),
]


@pytest.mark.parametrize(("raw", "phone", "why"), NUMBERS)
def test_numbers_are_normalised_to_mainland_mobiles(raw, phone, why):
    assert normalise(raw) == (phone, why)


def test_rows_are_read_with_optional_columns_and_drops_counted(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Phone,Name,Project\n138 0000 0415, 王师傅 ,东岸城\nnope,x,y\n13900000001,,\n", "utf-8-sig")
    summary = Summary()
    rows = list(read(path, summary))
    assert [(r.phone, r.name, r.project) for r in rows] == [("+8613800000415", "王师傅", "东岸城"),
                                                            ("+8613900000001", "", "")]
    assert (summary.read, dict(summary.dropped)) == (3, {"invalid": 1})


def test_a_gb18030_file_from_excel_is_read(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("phone,name\n13800000415,王师傅\n".encode("gb18030"))
    assert [r.name for r in read(path, Summary())] == ["王师傅"]


def test_a_file_without_a_phone_column_is_refused(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("mobile,name\n13800000415,x\n", "utf-8")
    with pytest.raises(RecipientsError, match="phone"):
        list(read(path, Summary()))


def test_rows_are_streamed_not_loaded_whole(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("phone\n" + "13800000415\n" * 5 + "x" * 10 + "\n", "utf-8")
    rows = read(path, summary := Summary())
    next(rows)
    assert summary.read == 1  # one row parsed for one row asked
