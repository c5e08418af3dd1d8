"""mailroom writes only inside the output folder it was given (issue 13, item 1): a stub's
record of its files cannot make it delete or write anything outside, nor can a link placed
in the folder; and a very long system name still gives files that fit a file system."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from tests.conftest import SAMPLES

from mailroom.outfolder import UnsafePath, inside, short_name

SPEC = SAMPLES / "lead-push-salesforce-netsuite.yaml"
VICTIM = "precious data\n"
LONG = "Salesforce " + "Extraordinarily Long " * 14  # a 305-character system name


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def record(folder: Path, entries: dict[str, str]) -> None:
    """A stub folder's record (.mailroom-stub.json) as an attacker would write it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".mailroom-stub.json").write_text(json.dumps(
        {"generator": "mailroom", "files": entries}))


@pytest.fixture
def victim(tmp_path: Path) -> Path:
    path = tmp_path / "victim.txt"
    path.write_text(VICTIM)
    return path


@pytest.mark.parametrize("how", ["relative", "absolute", "dotted"])
def test_the_stub_record_cannot_delete_a_file_outside(run, tmp_path, victim, how):
    out = tmp_path / "out"
    name = {"relative": "../victim.txt", "absolute": str(victim),
            "dotted": "workflows/../../victim.txt"}[how]
    record(out, {name: sha256(VICTIM)})
    result = run("stub", str(SPEC), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert victim.read_text() == VICTIM
    assert f"Warning: {out}/.mailroom-stub.json: the entry {name!r} is ignored" in result.stderr
    assert "removed" not in result.stdout


def test_render_cannot_delete_a_file_outside_through_its_stub(run, tmp_path, victim):
    out = tmp_path / "out"
    record(out / "stub", {"../../victim.txt": sha256(VICTIM), str(victim): sha256(VICTIM)})
    result = run("render", str(SPEC), "-o", str(out), "--format", "md")
    assert result.exit_code == 0, result.output
    assert victim.read_text() == VICTIM
    assert "is ignored" in result.stderr


def test_a_linked_subfolder_leading_out_is_not_written_through(run, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "workflows").symlink_to(elsewhere, target_is_directory=True)
    result = run("stub", str(SPEC), "-o", str(out))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {out}/workflows: is a link to {elsewhere}, "
                                    f"outside {out}; mailroom does not write through it")
    assert list(elsewhere.iterdir()) == []
    assert not (out / "project.yaml").exists()  # nothing written at all


def test_a_linked_file_leading_out_is_not_written_through(run, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").symlink_to(victim)
    result = run("stub", str(SPEC), "-o", str(out))
    assert result.exit_code == 2
    assert "README.md: is a link to" in result.stderr
    assert victim.read_text() == VICTIM


def test_render_does_not_write_through_a_linked_stub_folder(run, tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    (out / "stub").symlink_to(elsewhere, target_is_directory=True)
    result = run("render", str(SPEC), "-o", str(out), "--format", "md")
    assert result.exit_code == 2
    assert f"{out}/stub: is a link to {elsewhere}" in result.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_link_that_stays_inside_is_fine(run, tmp_path):
    out = tmp_path / "out"
    (out / "real").mkdir(parents=True)
    (out / "workflows").symlink_to(out / "real", target_is_directory=True)
    result = run("stub", str(SPEC), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert any((out / "real").iterdir())


def test_inside_refuses_what_leads_out(tmp_path):
    assert inside(tmp_path, "a/b.txt") == tmp_path / "a" / "b.txt"
    for name in ("/etc/passwd", "..", "a/../../b", "", ".", "x" * 300):
        with pytest.raises(UnsafePath):
            inside(tmp_path, name)


def test_short_names_stay_readable_and_unique():
    assert short_name("salesforce-to-netsuite") == "salesforce-to-netsuite"
    one, two = short_name("a-" * 100 + "one"), short_name("a-" * 100 + "two")
    assert len(one) <= 80 and one.startswith("a-a-a-") and one != two


def long_spec(tmp_path: Path) -> Path:
    path = tmp_path / "long.yaml"
    path.write_text(SPEC.read_text().replace("name: Salesforce\n", f"name: {LONG}\n", 1))
    return path


def test_a_very_long_system_name_gives_a_stub(run, tmp_path):
    out = tmp_path / "out"
    result = run("stub", str(long_spec(tmp_path)), "-o", str(out))
    assert result.exit_code == 0, result.output
    (folder,) = (out / "workflows").iterdir()
    assert folder.name.startswith("salesforce-extraordinarily-long-") and len(folder.name) <= 80
    project = (out / "project.yaml").read_text()
    assert f"{folder.name}:" in project  # the platform's key is the folder's name


def test_a_very_long_system_name_gives_a_document(run, tmp_path):
    result = run("render", str(long_spec(tmp_path)), "-o", str(tmp_path / "out"),
                 "--format", "md")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "long.md").is_file()


def test_a_very_long_system_name_simulates_on_openfn(tmp_path, openfn_modules, monkeypatch):
    from mailroom.environment import Environment
    from mailroom.simulate import simulate
    from mailroom.spec.reading import load_spec

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    report = simulate(load_spec(long_spec(tmp_path)).spec, engine="openfn", timeout=60,
                      openfn=Environment.from_os().openfn)
    assert report.failed == 0
    assert list((tmp_path / "tmp").iterdir()) == []


def test_the_temporary_stub_is_removed_when_writing_it_fails(tmp_path, monkeypatch):
    import mailroom.simulate as simulate_module
    from mailroom.simulate import simulate
    from mailroom.spec.reading import load_spec

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(simulate_module, "inside", _full_disk)
    monkeypatch.setattr("mailroom.simulate.openfn_engine.ensure_installed",
                        lambda folder: tmp_path)
    monkeypatch.setattr("mailroom.simulate.openfn_engine.node_binary", lambda: "node")
    with pytest.raises(OSError):
        simulate(load_spec(SPEC).spec, engine="openfn", openfn=tmp_path)
    assert list((tmp_path / "tmp").iterdir()) == []


def _full_disk(folder: Path, name: str) -> Path:
    raise OSError(28, "No space left on device")


SHOP = SAMPLES / "shop-orders-warehouse-ledger.yaml"


def test_simulate_keeps_a_folder_from_the_spec_inside_its_own(run, tmp_path):
    escaped = tmp_path / "escaped"
    spec = tmp_path / "escape.yaml"
    spec.write_text(SHOP.read_text().replace(
        "SFTP folder /inbound/orders on", f"SFTP folder /../../../../../../..{escaped} on"))
    result = run("simulate", str(spec))
    assert result.exit_code == 2
    assert "stockroom: its folder /../" in result.stderr and "climbs out with '..'" in result.stderr
    assert not escaped.exists()


def test_a_very_long_system_id_gives_a_stub_and_a_simulation(run, tmp_path):
    spec = tmp_path / "longid.yaml"
    spec.write_text(SHOP.read_text().replace("stockroom", "stock" + "x" * 250))
    result = run("stub", str(spec), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    result = run("simulate", str(spec))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("2 passed, 0 failed\n")


def test_a_linked_stub_record_leading_out_is_refused(run, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    (out / ".mailroom-stub.json").symlink_to(victim)
    result = run("stub", str(SPEC), "-o", str(out))
    assert result.exit_code == 2
    assert f"{out}/.mailroom-stub.json: is a link to {victim}" in result.stderr
    assert victim.read_text() == VICTIM


def test_a_brief_is_not_written_through_a_link_leading_out(run, tmp_path, victim):
    out = tmp_path / "out"
    out.mkdir()
    briefs = SAMPLES / "briefs"
    first = sorted(briefs.glob("*.yaml"))[0]
    (out / f"{first.stem}-brief.md").symlink_to(victim)
    result = run("brief", str(first), "-o", str(out), "--format", "md")
    assert result.exit_code == 2
    assert f"{first.stem}-brief.md: is a link to {victim}" in result.stderr
    assert victim.read_text() == VICTIM
