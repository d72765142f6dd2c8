"""Helpers for lesson activities that need more than one line of notebook code.

Each module serves one kind of activity and reads its course content (messages, tools,
claims, rule keywords) from data files next to the notebook, so a translated module is a
new data file. Every string the code itself shows comes from ``ailit/locale/<lang>/activities.yaml``.

- ``sorting``: sort items (tools, claims) into categories and get feedback per item.
- ``messages``: a keyword rule written by a person versus a model learned from examples.
- ``samples``: the same prompt drawn several times, to show that one answer is one draw.
- ``support``: a "needs support" classifier: split, confusion matrix, leaking columns, overfitting (m02).
- ``tokenizers``, ``probabilities``, ``context``: tokens, next-word probabilities and entropy, context windows (m03).
- ``prompt_parts``, ``quiz_check``, ``prompt_privacy``: structured prompts, JSON quiz checks, personal data in prompts (m04).
- ``citations``, ``factcheck``, ``consistency``: references, claims against a fact table, agreement between samples (m05).
- ``group_gaps``, ``pronoun_skew``: group gaps in a classifier, the tiny GPT's documented pronoun skew (m06).

Modules after m01 keep their strings in ``ailit/locale/<lang>/mNN.yaml``.
"""
