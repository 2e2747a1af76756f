"""三交办 as data: the bureau's table decides the district team, the regulator and the contractor."""

from __future__ import annotations

import pytest

from intake import routing

TABLE = routing.load(routing.EXAMPLE)


def lead(district=None, city=None, industry=None, code=None, contractor=None) -> dict:
    return {"location": {"district": district, "city": city}, "industry": industry,
            "project": {"code": code, "general_contractor": contractor}}


@pytest.mark.parametrize(("scenario", "found", "project", "expected"), [
    ("district, regulator and contractor",
     lead("朝阳区", "北京市", "construction", contractor="中建八局"), None,
     [("district", "朝阳区人社局劳动保障监察大队"), ("industry", "市住房和城乡建设委员会"),
      ("general_contractor", "中建八局")]),
    ("the same district name in another city",
     lead("朝阳区", "长春市", "services"), None,
     [("district", "长春市朝阳区人社局劳动监察大队"), ("industry", "市市场监督管理局")]),
    ("an unknown district goes to the catch-all team",
     lead("通州区", "北京市"), None, [("district", "市人社局劳动保障监察支队")]),
    ("a highway project goes to transport as well",
     lead("海淀区", "北京市", "construction", code="bj-g4-07"), None,
     [("district", "海淀区人社局劳动保障监察大队"), ("industry", "市交通委员会（京港澳高速改扩建）"),
      ("industry", "市住房和城乡建设委员会")]),
    ("the contractor comes from the project registry",
     lead("海淀区", "北京市", code="BJ-0001"), {"general_contractor": "北京城建集团"},
     [("district", "海淀区人社局劳动保障监察大队"), ("general_contractor", "北京城建集团")]),
])
def test_routing_table_rows(scenario, found, project, expected):
    assert [(t["kind"], t["target"]) for t in routing.route(TABLE, found, project)] == expected, scenario


def test_no_table_routes_to_the_contractor_only():
    assert routing.route((), lead("朝阳区", "北京市", "construction", contractor="中建八局")) == \
        [{"kind": "general_contractor", "target": "中建八局"}]


@pytest.mark.parametrize(("content", "error"), [
    ("kind,target\ndistrict,x\n", "lacks match"),
    ("kind,match,target\ncounty,朝阳区,x\n", ":2: kind 'county'"),
    ("kind,match,target\ndistrict,朝阳区,\n", ":2: match and target must not be empty"),
])
def test_a_bad_table_says_which_line_and_why(tmp_path, content, error):
    path = tmp_path / "routing.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(routing.TableError, match=error):
        routing.load(path)
