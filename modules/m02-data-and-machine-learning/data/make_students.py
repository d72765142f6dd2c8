"""Generate students.csv: 400 FICTIONAL students of an invented school (Module 2's dataset).

Run once, from this folder: ``python make_students.py``. The committed CSV is the course's
data; this script documents how it was made (see README.md). Nothing here describes real
people: every value is drawn at random from the rules below, with a fixed seed.

How it works: each fictional student gets a hidden "difficulty" score. The columns a school
would have by week 5 (attendance, homework, quizzes, lateness, concern notes) are noisy
signals of that score; the year team's week-6 decision (``needs_support``) depends on the
same score plus things no column records. Two columns are recorded *after* that decision
(the referral in week 7 and the end-of-term test in week 14), so they leak the answer.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

SEED = 2026
N_STUDENTS = 400
SHARE_NEEDING_SUPPORT = 0.25


def make_students(seed: int = SEED, n: int = N_STUDENTS) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    difficulty = rng.normal(size=n)  # hidden: no column records it

    def whole(values, low, high):
        return np.clip(np.round(values), low, high).astype(int)

    year_group = rng.choice([7, 8, 9], size=n)
    attendance = whole(93 - 4 * difficulty + rng.normal(0, 2.5, n), 60, 100)
    homework = whole(80 - 13 * difficulty + rng.normal(0, 9, n), 0, 100)
    quiz_avg = whole(65 - 10 * difficulty + rng.normal(0, 8, n), 5, 100)
    quiz_change = whole(-4 * difficulty + rng.normal(0, 6, n), -40, 40)
    late = np.minimum(rng.poisson(np.exp(0.4 + 0.5 * difficulty)), 20)
    concern = np.minimum(rng.poisson(np.exp(-0.7 + 0.7 * difficulty)), 8)
    clubs = np.minimum(rng.poisson(1.1, n), 4)
    distance = np.round(rng.gamma(2.0, 1.6, n), 1)  # km from home; unrelated to the decision
    siblings = np.minimum(rng.poisson(0.6, n), 3)   # unrelated to the decision

    # The year team's decision at the week-6 support meeting: what they saw, plus what no column holds.
    judged = difficulty + rng.normal(0, 0.4, n)
    needs = judged > np.quantile(judged, 1 - SHARE_NEEDING_SUPPORT)

    # Recorded after the decision: most students judged to need support are referred (some
    # families decline); a few others are referred at their parents' request.
    referred = np.where(needs, rng.random(n) < 0.93, rng.random(n) < 0.02)
    end_of_term = whole(68 - 8 * difficulty - 7 * needs + rng.normal(0, 7, n), 0, 100)

    yes_no = np.array(["no", "yes"])
    return pd.DataFrame(
        {
            "student_id": [f"S{i:03d}" for i in range(1, n + 1)],
            "year_group": year_group,
            "attendance_pct": attendance,
            "homework_pct": homework,
            "quiz_avg": quiz_avg,
            "quiz_change": quiz_change,
            "late_arrivals": late,
            "concern_notes": concern,
            "was_referred_to_support_programme": yes_no[referred.astype(int)],
            "clubs": clubs,
            "distance_km": distance,
            "siblings_at_school": siblings,
            "end_of_term_score": end_of_term,
            "needs_support": yes_no[needs.astype(int)],
        }
    )


if __name__ == "__main__":
    make_students().to_csv("students.csv", index=False, lineterminator="\n")
