"""The examples run: the notebook through a real kernel, the script as a user would run it."""

import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_notebook_runs_and_shows_a_map(tmp_path):
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
                   ).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "Polygon with" in text and "in reach" in text
    html = [o["data"]["text/html"] for o in outputs if "data" in o and "text/html" in o["data"]]
    assert any("<iframe" in h and "Hwasong-11" in h for h in html)  # the map, inline
    assert any("rangemap.start(" in h for h in html)  # and interactive
    assert "Near Luhansk" in "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)  # read back


def test_seed_scenario_script(tmp_path):
    out = tmp_path / "seed.html"
    proc = subprocess.run([sys.executable, str(EXAMPLES / "seed_scenario.py"), str(out)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "hwasong-11" in proc.stdout and out.stat().st_size > 100_000
