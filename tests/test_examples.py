"""The examples run: the notebook through a real kernel, the script as a user would run it."""

import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def test_notebook_runs_and_shows_a_map(tmp_path):
    notebook = nbformat.read(EXAMPLES / "explore.ipynb", as_version=4)
    NotebookClient(notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}},
                   store_widget_state=True).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(o.get("text", "") for o in outputs)
    assert "Polygon with" in text and "in reach" in text
    views = [o["data"]["application/vnd.jupyter.widget-view+json"]["model_id"] for o in outputs
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert len(views) == 1  # the map, as a live widget
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"][views[0]]["state"]
    assert "rangemap.start(" in state["_html"] and "Hwasong-11" in state["_html"]  # the page, interactive
    assert "site=p1|48.57|39.31|hwasong-11|Near%20Luhansk" in state["link"]  # set from Python, sent to the page
    plain = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    assert "Near Luhansk" in plain and "'kursk'" in plain  # read back, from the widget and from a link


def test_seed_scenario_script(tmp_path):
    out = tmp_path / "seed.html"
    proc = subprocess.run([sys.executable, str(EXAMPLES / "seed_scenario.py"), str(out)], capture_output=True,
                          text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "hwasong-11" in proc.stdout and out.stat().st_size > 100_000
