"""Importing instruments: the CLI, the admin upload page, and version pinning."""

from __future__ import annotations

import io

import sqlalchemy as sa
import time_machine

from groupapp.assessments.models import AssessmentResponse, Instrument, InstrumentVersion
from groupapp.db import db
from tests.assessments.groups import DURING_BASELINE, make_group
from tests.assessments.instrument_data import DATA, data_file


def sfcs(app, org):  # type: ignore[no-untyped-def]
    return db.session.scalar(
        sa.select(Instrument).where(Instrument.organisation_id == org.id, Instrument.slug == "sfcs")
    )


def test_cli_imports_reports_errors_and_versions(app, factories, tmp_path):
    org = factories.org()
    runner = app.test_cli_runner()
    broken = runner.invoke(
        args=["import-instrument", str(DATA / "broken_many.yaml"), "--organisation", org.slug]
    )
    assert broken.exit_code == 1
    assert "broken_many.yaml: items[1].reverse: expected true or false" in broken.output
    assert "broken_many.yaml: colour: unknown key" in broken.output

    ok = runner.invoke(
        args=["import-instrument", str(DATA / "sfcs_shaped.yaml"), "--organisation", org.slug]
    )
    assert ok.exit_code == 0, ok.output
    assert "as version 1" in ok.output
    same = runner.invoke(
        args=["import-instrument", str(DATA / "sfcs_shaped.yaml"), "--organisation", org.slug]
    )
    assert "unchanged" in same.output

    edited = tmp_path / "sfcs.yaml"
    edited.write_text(
        data_file("sfcs_shaped.yaml").replace('Sample statement 1"', 'Sample statement one"')
    )
    assert (
        "as version 2"
        in runner.invoke(args=["import-instrument", str(edited), "--organisation", org.slug]).output
    )
    instrument = sfcs(app, org)
    assert [v.number for v in instrument.versions] == [1, 2]
    assert instrument.current_version.number == 2

    unknown = runner.invoke(args=["import-instrument", str(edited), "--organisation", "nope"])
    assert unknown.exit_code != 0
    assert "No organisation with the slug 'nope'" in unknown.output


def test_builtins_cannot_be_overwritten_by_an_import(app, factories, tmp_path):
    org = factories.org()
    runner = app.test_cli_runner()
    fake = tmp_path / "phq9.yaml"
    fake.write_text(data_file("sfcs_shaped.yaml").replace("id: sfcs", "id: phq9"))
    runner.invoke(
        args=["import-instrument", str(DATA / "sfcs_shaped.yaml"), "--organisation", org.slug]
    )
    from groupapp.assessments.catalog import ensure_builtins

    ensure_builtins(org)
    db.session.commit()
    result = runner.invoke(args=["import-instrument", str(fake), "--organisation", org.slug])
    assert result.exit_code == 1
    assert "'phq9' is a built-in instrument" in result.output


def upload(client, csrf, name: str, content: bytes):  # type: ignore[no-untyped-def]
    url = "/assessments/instruments/upload"
    return client.post(
        url,
        data={"csrf_token": csrf(url), "file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_admin_upload_shows_every_error_with_its_path(client, factories, login, csrf):
    org = factories.org()
    admin = factories.user("admin", org)
    login(admin)
    reply = upload(client, csrf, "broken.yaml", data_file("broken_many.yaml").encode())
    page = reply.get_data(as_text=True)
    assert reply.status_code == 200
    assert "The file was not imported (10 problems)" in page
    assert "items[1].reverse: expected true or false" in page
    assert "scoring.higher_is: expected one of worse, better" in page

    good = upload(client, csrf, "sfcs.yaml", data_file("sfcs_shaped.yaml").encode())
    assert good.status_code == 302
    instrument_page = client.get(good.location).get_data(as_text=True)
    assert "Spann-Fischer Codependency Scale" in instrument_page
    assert "Sample statement 5" in instrument_page
    assert sfcs(client.application, org).current_version.source == "upload"


def test_only_admins_upload(client, factories, login, csrf):
    org = factories.org()
    login(factories.user("facilitator", org))
    assert client.get("/assessments/instruments/upload").status_code == 403
    assert upload(
        client, csrf, "sfcs.yaml", data_file("sfcs_shaped.yaml").encode()
    ).status_code in (400, 403)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InstrumentVersion)) == 0


@time_machine.travel(DURING_BASELINE, tick=False)
def test_responses_keep_the_version_they_were_answered_on(app, factories, tmp_path):
    from groupapp.assessments.answering import save_answers, submit
    from groupapp.assessments.catalog import import_instrument_file
    from groupapp.assessments.checkins import member_checkins, start_response

    group = make_group(factories, slug="sfcs")
    answers = {f"q{n}": "6" for n in range(1, 17)}
    first = start_response(group.member, member_checkins(group.member)[0])
    save_answers(first, answers)
    submit(first)
    # A new edition: the two reversed items become plain and the total is doubled.
    edited = (
        data_file("sfcs_shaped.yaml")
        .replace(", reverse: true", "")
        .replace(
            "{method: sum, items: all, multiplier: 1}", "{method: sum, items: all, multiplier: 2}"
        )
    )
    _, v2 = import_instrument_file(group.org, edited, source="upload")
    second = start_response(group.other_member, member_checkins(group.other_member)[0])
    save_answers(second, answers)
    submit(second)
    db.session.commit()

    old, new = db.session.scalars(
        sa.select(AssessmentResponse).order_by(AssessmentResponse.id)
    ).all()
    assert (old.version.number, old.total) == (1, 14 * 6 + 2 * 1)
    assert (new.version.number, new.total) == (2, 16 * 6 * 2)
    assert new.instrument_version_id == v2.id
    assert old.version.parsed().item("q5").reverse
