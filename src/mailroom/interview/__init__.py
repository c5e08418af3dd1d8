"""The interview: questionnaire + answers so far → next question → spec.

`run.run_interview` is the public function (the CLI's `mailroom interview` calls
it). The engine (`engine.py`) is pure; `prompts.py` is the only module that
imports questionary; `session.py` asks, saves and explains; `run.py` sets it all
up.
"""
