/**
 * Bradley–Terry with ties (Davidson 1970) for studies with more than two conditions. Condition c has strength
 * π_c = exp(θ_c), the reference condition θ = 0; ν = exp(λ) ≥ 0 governs ties. For a comparison of i and j:
 *   P(i better) = π_i / D,   P(j better) = π_j / D,   P(similar) = ν √(π_i π_j) / D,
 *   D = π_i + π_j + ν √(π_i π_j).
 * Only the sign of the −2…+2 score is used. The log-likelihood is concave in (θ, λ) (a sum of linear terms
 * minus log-sum-exps), so Newton's method with step halving finds the maximum. With no tie at all the model
 * is plain Bradley–Terry (ν = 0). The maximum exists only when every condition both beats (or ties) and is
 * beaten by (or ties) the rest — the comparison graph, an edge i → j for each win of i over j and both ways
 * for a tie, is strongly connected — and, for ν, when there are ties and non-ties; else { ok: false }.
 */
import { notEnough, type Outcome } from './outcome';

/** Win / tie / loss counts of one unordered pair, i < j in the condition list. */
export interface PairCounts {
  i: number;
  j: number;
  iWins: number;
  ties: number;
  jWins: number;
}

export interface DavidsonFit {
  model: 'davidson' | 'bradley-terry';
  /** Log-strengths θ by condition, reference = 0. */
  theta: Record<string, number>;
  /** Tie parameter ν (0 for plain Bradley–Terry). */
  nu: number;
  logLik: number;
  iterations: number;
}

/** Is the graph (edge i → j when i beat or tied j) strongly connected? */
export function stronglyConnected(k: number, table: PairCounts[]): boolean {
  const out = Array.from({ length: k }, () => [] as number[]);
  const inn = Array.from({ length: k }, () => [] as number[]);
  const edge = (a: number, b: number) => {
    out[a]!.push(b);
    inn[b]!.push(a);
  };
  for (const { i, j, iWins, ties, jWins } of table) {
    if (iWins > 0 || ties > 0) edge(i, j);
    if (jWins > 0 || ties > 0) edge(j, i);
  }
  const reachesAll = (adj: number[][]) => {
    const seen = new Set([0]);
    const stack = [0];
    while (stack.length) for (const b of adj[stack.pop()!]!) if (!seen.has(b)) (seen.add(b), stack.push(b));
    return seen.size === k;
  };
  return reachesAll(out) && reachesAll(inn);
}

/** Solves A x = b (A symmetric positive definite, small) by Gaussian elimination with partial pivoting. */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, r) => [...row, b[r]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/**
 * Log-likelihood, gradient and negative Hessian at the free parameters x = (θ without the reference, λ when
 * ties are modelled). Each comparison is a 3-outcome (2 without ties) exponential family with feature vectors
 * e_i, e_j and (e_i + e_j)/2 + e_λ: gradient = Σ (observed − N·E f), −Hessian = Σ N·Cov f. With outcome
 * probabilities p_i, p_j, p_t: E f_i = p_i + p_t/2, E f_λ = p_t, E f_i² = p_i + p_t/4, E f_i f_j = p_t/4,
 * E f_i f_λ = p_t/2, E f_λ² = p_t.
 */
function evaluate(x: number[], ref: number, withTies: boolean, table: PairCounts[]) {
  const slot = (c: number) => (c === ref ? -1 : c < ref ? c : c - 1);
  const m = x.length;
  const lam = withTies ? m - 1 : -1;
  const lambda = withTies ? x[lam]! : -Infinity;
  let ll = 0;
  const g = new Array<number>(m).fill(0);
  const H = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (const { i, j, iWins, ties, jWins } of table) {
    const N = iWins + ties + jWins;
    if (N === 0) continue;
    const si = slot(i);
    const sj = slot(j);
    const ti = si < 0 ? 0 : x[si]!;
    const tj = sj < 0 ? 0 : x[sj]!;
    const top = Math.max(ti, tj);
    const ei = Math.exp(ti - top);
    const ej = Math.exp(tj - top);
    const et = withTies ? Math.exp(lambda + (ti + tj) / 2 - top) : 0;
    const D = ei + ej + et;
    const logD = top + Math.log(D);
    ll += iWins * (ti - logD) + jWins * (tj - logD) + (ties > 0 ? ties * (lambda + (ti + tj) / 2 - logD) : 0);
    const [pi, pj, pt] = [ei / D, ej / D, et / D];
    // (slot, observed count of the feature, its mean under the model) for each free parameter involved.
    const terms: [number, number, number][] = [];
    if (si >= 0) terms.push([si, iWins + ties / 2, pi + pt / 2]);
    if (sj >= 0) terms.push([sj, jWins + ties / 2, pj + pt / 2]);
    if (withTies) terms.push([lam, ties, pt]);
    const second = (a: number, b: number) => {
      if (a === b) return a === lam ? pt : (a === si ? pi : pj) + pt / 4;
      if (a === lam || b === lam) return pt / 2;
      return pt / 4;
    };
    for (const [a, observed, mean] of terms) {
      g[a]! += observed - N * mean;
      for (const [b, , meanB] of terms) H[a]![b]! += N * (second(a, b) - mean * meanB);
    }
  }
  return { ll, g, H };
}

/** Maximum-likelihood fit on a win/tie/loss table (counts may be bootstrap weights). */
export function fitDavidson(conditions: string[], reference: string, table: PairCounts[]): Outcome<DavidsonFit> {
  const k = conditions.length;
  const ref = conditions.indexOf(reference);
  if (ref < 0) return notEnough(`reference condition ${reference} has no votes`);
  const ties = table.reduce((a, c) => a + c.ties, 0);
  const decided = table.reduce((a, c) => a + c.iWins + c.jWins, 0);
  if (decided === 0) return notEnough('all votes are ties; strengths are not identifiable');
  if (!stronglyConnected(k, table))
    return notEnough('some condition was never beaten (or never beat another), so its strength is infinite');
  const withTies = ties > 0;
  let x = new Array<number>(k - 1 + (withTies ? 1 : 0)).fill(0);
  let cur = evaluate(x, ref, withTies, table);
  let iterations = 0;
  for (; iterations < 200; iterations++) {
    if (Math.max(...cur.g.map(Math.abs)) < 1e-10 * Math.max(1, decided + ties)) break;
    const step = solve(cur.H, cur.g);
    let t = 1;
    let next = evaluate(x.map((v, s) => v + t * step[s]!), ref, withTies, table);
    while (next.ll < cur.ll - 1e-12 && t > 1e-10) {
      t /= 2;
      next = evaluate(x.map((v, s) => v + t * step[s]!), ref, withTies, table);
    }
    x = x.map((v, s) => v + t * step[s]!);
    cur = next;
  }
  const theta: Record<string, number> = {};
  conditions.forEach((c, i) => (theta[c] = i === ref ? 0 : x[i < ref ? i : i - 1]!));
  return { ok: true, model: withTies ? 'davidson' : 'bradley-terry', theta, nu: withTies ? Math.exp(x[x.length - 1]!) : 0, logLik: cur.ll, iterations };
}
