#!/usr/bin/Rscript
# Reference values from R (Debian r-base-core, r-cran-boot, r-cran-bradleyterry2, r-cran-coin).
# Reads tests/unit/stats/fixtures/data.json, writes tests/unit/stats/fixtures/expected-r.json.
# Usage: Rscript scripts/stats-reference/reference.R [data.json] [expected-r.json]
suppressPackageStartupMessages({
  library(jsonlite)
  library(boot)
  library(BradleyTerry2)
  library(coin)
})

main <- function(args) {
  data_path <- if (length(args) >= 1) args[1] else "tests/unit/stats/fixtures/data.json"
  out_path <- if (length(args) >= 2) args[2] else "tests/unit/stats/fixtures/expected-r.json"
  data <- fromJSON(data_path, simplifyVector = TRUE)
  v <- data$vectors
  out <- list(generator = paste0("scripts/stats-reference/reference.R (", R.version.string, ", boot ",
                                 packageVersion("boot"), ", BradleyTerry2 ", packageVersion("BradleyTerry2"),
                                 ", coin ", packageVersion("coin"), ")"))
  out$special <- special(v$special)
  out$binomial <- lapply(seq_len(nrow(v$binomial)), function(i) binom_ref(v$binomial[i, 1], v$binomial[i, 2]))
  out$wilson <- suppressWarnings(lapply(seq_len(nrow(v$wilson)), function(i) wilson_ref(v$wilson[i, 1], v$wilson[i, 2])))
  out$holm <- lapply(v$holm, function(p) p.adjust(p, method = "holm"))
  out$tost <- lapply(v$tost, function(x) tost_ref(x, 0.25))
  out$quantile <- as.numeric(quantile(v$quantile, c(0.25, 0.5, 0.75), type = 7))
  out$coinWilcoxon <- lapply(v$wilcoxon, coin_ref)
  out$coinWilcoxonExact <- lapply(Filter(function(d) sum(d != 0) <= 50, v$wilcoxon), coin_exact_ref)
  out$btNoTies <- bt_ref(v$bt_no_ties)
  out$study2 <- study_ref(data$study2, c("dense", "ras-50"))
  write(toJSON(out, auto_unbox = TRUE, digits = I(15), null = "null", na = "null", pretty = TRUE), out_path)
  cat("wrote", out_path, "\n")
}

special <- function(s) {
  list(
    pnorm = pnorm(s$pnorm), qnorm = qnorm(s$qnorm),
    pt = apply(s$pt, 1, function(r) pt(r[1], r[2])),
    qt = apply(s$qt, 1, function(r) qt(r[1], r[2])),
    pbeta = apply(s$pbeta, 1, function(r) pbeta(r[1], r[2], r[3])),
    qbeta = apply(s$qbeta, 1, function(r) qbeta(r[1], r[2], r[3])),
    dbinom = apply(s$dbinom, 1, function(r) dbinom(r[1], r[2], r[3])),
    pbinom = apply(s$pbinom, 1, function(r) pbinom(r[1], r[2], r[3]))
  )
}

binom_ref <- function(x, n) {
  t <- binom.test(x, n, 0.5)
  list(x = x, n = n, pValue = t$p.value, ci = as.numeric(t$conf.int))
}

wilson_ref <- function(x, n) list(x = x, n = n, ci = as.numeric(prop.test(x, n, correct = FALSE)$conf.int))

# TOST as two one-sided one-sample t-tests; the 90 % interval from t.test(conf.level = 0.90).
tost_ref <- function(x, margin) {
  lo <- t.test(x, mu = -margin, alternative = "greater")
  hi <- t.test(x, mu = margin, alternative = "less")
  list(n = length(x), mean = mean(x), sd = sd(x), tLower = unname(lo$statistic), pLower = lo$p.value,
       tUpper = unname(hi$statistic), pUpper = hi$p.value, pValue = max(lo$p.value, hi$p.value),
       ci90 = as.numeric(t.test(x, conf.level = 0.90)$conf.int))
}

# coin's asymptotic signed-rank test with Pratt zeros: the conditional (permutation) variance, which equals
# scipy's Cureton-adjusted, tie-corrected normal approximation.
coin_ref <- function(d) {
  zero <- numeric(length(d))
  t <- wilcoxsign_test(d ~ zero, zero.method = "Pratt", distribution = "asymptotic")
  list(z = unname(statistic(t)), pValue = pvalue(t))
}

# coin's exact conditional (permutation) signed-rank test with Pratt zeros: mid-ranks kept, signs permuted
# (shift algorithm). The TypeScript uses it for at most 50 non-zero values.
coin_exact_ref <- function(d) {
  zero <- numeric(length(d))
  t <- wilcoxsign_test(d ~ zero, zero.method = "Pratt", distribution = "exact")
  list(pValue = pvalue(t))
}

bt_ref <- function(tab) {
  lev <- sort(unique(c(tab$i, tab$j)))
  d <- data.frame(p1 = factor(tab$i, levels = lev), p2 = factor(tab$j, levels = lev), w1 = tab$iWins, w2 = tab$jWins)
  fit <- BTm(cbind(w1, w2), p1, p2, data = d, refcat = lev[1])
  theta <- c(0, unname(coef(fit)))
  names(theta) <- c(lev[1], sub("^\\.\\.", "", names(coef(fit))))
  list(theta = as.list(theta), logLik = as.numeric(logLik(fit)))
}

# The analysis set, written independently of the TypeScript and of reference.py.
analysis_set <- function(rows, pair) {
  failed <- tapply(rows$check & !is.na(rows$passed) & !rows$passed, rows$participant, sum)
  excluded <- sort(names(failed)[failed > 0])
  real <- rows[!rows$check, ]
  kept <- real[!(real$participant %in% excluded), ]
  same <- kept$a == pair[1] & kept$b == pair[2]
  flip <- kept$a == pair[2] & kept$b == pair[1]
  kept <- kept[same | flip, ]
  kept$s <- ifelse(kept$a == pair[1], kept$score, -kept$score)
  list(kept = kept, excluded = excluded, realVotes = nrow(real))
}

study_ref <- function(rows, pair) {
  set <- analysis_set(rows, pair)
  k <- set$kept
  s <- k$s
  n <- length(s)
  means <- as.numeric(tapply(s, k$participant, mean))
  nontie <- s[s != 0]
  left_chosen <- (s > 0 & k$left == pair[1]) | (s < 0 & k$left == pair[2])
  prompts <- sort(unique(k$prompt))
  sign_p <- sapply(prompts, function(q) { x <- s[k$prompt == q]; binom.test(sum(x > 0), sum(x != 0))$p.value })
  list(
    excluded = set$excluded, votes = n, participants = length(means),
    levels = lapply(c(2, 1, 0, -1, -2), function(l) list(score = l, count = sum(s == l), ci = as.numeric(prop.test(sum(s == l), n, correct = FALSE)$conf.int))),
    three = lapply(list(aBetter = s > 0, similar = s == 0, bBetter = s < 0), function(m) list(count = sum(m), ci = as.numeric(prop.test(sum(m), n, correct = FALSE)$conf.int))),
    sign = binom_ref(sum(s > 0), length(nontie)),
    position = binom_ref(sum(left_chosen), length(nontie)),
    tostPerParticipant = tost_ref(means, 0.25),
    tostPerVote = tost_ref(s, 0.25),
    perPromptSign = list(prompts = prompts, pValue = unname(sign_p), holm = p.adjust(unname(sign_p), "holm")),
    responseQuantiles = as.numeric(quantile(k$ms, c(0.25, 0.5, 0.75), type = 7)),
    bootstrap = bootstrap_ref(k)
  )
}

# Monte-Carlo spread of the 95 % percentile interval of the mean score, B = 2000, over 50 seeds:
#  - participants only: boot::boot on per-participant (sum, count) + boot.ci(type = "perc");
#  - participants and prompts (two-way): the same scheme as server/stats/bootstrap.ts, written here in R.
bootstrap_ref <- function(k, B = 2000, runs = 50) {
  S <- tapply(k$s, list(k$participant, k$prompt), sum); S[is.na(S)] <- 0
  N <- tapply(k$s, list(k$participant, k$prompt), length); N[is.na(N)] <- 0
  per_p <- data.frame(sum = rowSums(S), n = rowSums(N))
  one_way <- t(sapply(seq_len(runs), function(r) {
    set.seed(1000 + r)
    b <- boot(per_p, function(d, i) sum(d$sum[i]) / sum(d$n[i]), R = B)
    boot.ci(b, type = "perc")$percent[4:5]
  }))
  two_way <- t(sapply(seq_len(runs), function(r) {
    set.seed(2000 + r)
    stats <- replicate(B, {
      w <- tabulate(sample.int(nrow(S), replace = TRUE), nrow(S))
      v <- tabulate(sample.int(ncol(S), replace = TRUE), ncol(S))
      sum(outer(w, v) * S) / sum(outer(w, v) * N)
    })
    quantile(stats, c(0.025, 0.975), type = 7)
  }))
  summarize <- function(m) list(meanLower = mean(m[, 1]), meanUpper = mean(m[, 2]), sdLower = sd(m[, 1]), sdUpper = sd(m[, 2]))
  list(B = B, runs = runs, estimate = sum(S) / sum(N), participants = summarize(one_way), both = summarize(two_way))
}

main(commandArgs(trailingOnly = TRUE))
