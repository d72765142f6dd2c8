"""Helpers for lesson activities that need more than one line of notebook code.

Each module serves one kind of activity and reads its course content (messages, tools,
claims, rule keywords) from data files next to the notebook, so a translated module is a
new data file. Every string the code itself shows comes from ``ailit/locale/<lang>/activities.yaml``.

- ``sorting``: sort items (tools, claims) into categories and get feedback per item.
- ``messages``: a keyword rule written by a person versus a model learned from examples.
- ``samples``: the same prompt drawn several times, to show that one answer is one draw.
"""
