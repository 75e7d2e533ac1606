"""Shared by reference.py: the analysis set, written independently of the TypeScript (server/stats)."""


def analysis_set(rows, max_failed=0):
    """Drops attention-check rows, and every row of a participant who failed more than max_failed checks."""
    failed = {}
    for r in rows:
        failed.setdefault(r["participant"], 0)
        if r["check"] and r["passed"] is False:
            failed[r["participant"]] += 1
    excluded = sorted(p for p, f in failed.items() if f > max_failed)
    real = [r for r in rows if not r["check"]]
    kept = [r for r in real if r["participant"] not in excluded]
    return kept, {"participants": excluded, "votes": len(real) - len(kept), "realVotes": len(real)}


def oriented(kept, pair):
    """(participant, prompt, score of pair[0] over pair[1]) for the rows of that pair, either way round."""
    a, b = pair
    out = []
    for r in kept:
        if (r["a"], r["b"]) == (a, b):
            out.append((r["participant"], r["prompt"], r["score"]))
        elif (r["a"], r["b"]) == (b, a):
            out.append((r["participant"], r["prompt"], -r["score"]))
    return out


def participant_means(scores):
    """Mean score of each participant, participants in sorted order."""
    by = {}
    for p, _, s in scores:
        by.setdefault(p, []).append(s)
    return [sum(by[p]) / len(by[p]) for p in sorted(by)]


def prompt_scores(scores):
    """Scores of each prompt, prompts in sorted order."""
    by = {}
    for _, q, s in scores:
        by.setdefault(q, []).append(s)
    return {q: by[q] for q in sorted(by)}
