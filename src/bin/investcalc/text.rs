//! The `--format text` rendering of a report: a plain table for a terminal or an e-mail.

use investcalc::policy::fields::Unit;
use investcalc::report::{CriterionResult, Report};
use std::fmt::Write;

fn criteria(out: &mut String, c: &CriterionResult, depth: usize) {
    let pad = "  ".repeat(depth);
    match c {
        CriterionResult::All { met, children } | CriterionResult::Any { met, children } => {
            let word = if matches!(c, CriterionResult::All { .. }) {
                "all of"
            } else {
                "any of"
            };
            let _ = writeln!(out, "{pad}{} {word}:", if *met { "✓" } else { "✗" });
            for ch in children {
                criteria(out, ch, depth + 1);
            }
        }
        CriterionResult::AtLeast {
            met,
            at_least,
            children,
        } => {
            let n = children.iter().filter(|c| c.met()).count();
            let mark = if *met { "✓" } else { "✗" };
            let _ = writeln!(out, "{pad}{mark} at least {at_least} of ({n} met):");
            for ch in children {
                criteria(out, ch, depth + 1);
            }
        }
        CriterionResult::Not { met, child } => {
            let _ = writeln!(out, "{pad}{} not:", if *met { "✓" } else { "✗" });
            criteria(out, child, depth + 1);
        }
        CriterionResult::Compare {
            text, illustrative, ..
        }
        | CriterionResult::In {
            text, illustrative, ..
        } => {
            let ill = if *illustrative { " [illustrative]" } else { "" };
            let _ = writeln!(out, "{pad}{text}{ill}");
        }
        CriterionResult::Is { text, .. } => {
            let _ = writeln!(out, "{pad}{text}");
        }
    }
}

/// Renders a report as text.
pub fn render(r: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} ({} {})",
        r.policy.name, r.policy.id, r.policy.version
    );
    if let Some(d) = r.as_of {
        let _ = writeln!(out, "as of {d}");
    }
    if let Some(s) = &r.summary {
        let _ = writeln!(out, "\n{}", s.text);
    }
    if let Some(t) = &r.tier {
        let _ = writeln!(out, "tier: {}", t.name);
    }
    for p in &r.programs {
        let mark = if p.eligible && p.excluded_by.is_none() {
            "✓"
        } else {
            "✗"
        };
        let ill = if p.illustrative {
            " [illustrative]"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "\n{mark} {} ({}){ill} → {}",
            p.name, p.id, p.beneficiary_label
        );
        if let Some(reason) = &p.reason {
            let _ = writeln!(out, "  {reason}");
        }
        if let Some(review) = &p.legal_review {
            let _ = writeln!(out, "  {review}");
        }
        // Amounts still needed, ceilings ("up to") and terms set case by case: in words.
        if !p.needs.is_empty() || (p.eligible && (p.up_to || p.negotiable)) {
            let _ = writeln!(out, "  {}", p.explanation);
        }
        criteria(&mut out, &p.criteria, 1);
        if !p.schedule.is_empty() {
            let _ = writeln!(
                out,
                "  {:>4} {:>6} {:>18} {:>8} {:>16}",
                "year", "cal.", "base", "rate", "amount"
            );
            for row in &p.schedule {
                // A base in CNY as its amount, any other with its unit (`12.345 mu`).
                let base = match &row.base {
                    Some(b) if b.unit == Unit::Cny => b.value_text(),
                    Some(b) => format!("{} {}", b.value_text(), b.unit.name()),
                    None => String::new(),
                };
                let rate = row
                    .rate
                    .map(investcalc::i18n::format::percent)
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {:>4} {:>6} {:>18} {:>8} {:>16}",
                    row.operating_year,
                    row.calendar_year,
                    base,
                    rate,
                    row.amount.0.to_fen_string()
                );
            }
            let _ = writeln!(
                out,
                "  {:>4} {:>6} {:>18} {:>8} {:>16}",
                "",
                "",
                "",
                if p.up_to { "up to" } else { "total" },
                p.total.map(|t| t.0.to_fen_string()).unwrap_or_default()
            );
            let _ = writeln!(
                out,
                "  {:>4} {:>6} {:>18} {:>8} {:>16}",
                "",
                "",
                "",
                "NPV",
                p.npv.map(|t| t.0.to_fen_string()).unwrap_or_default()
            );
        }
        for o in &p.obligations {
            let claw = o
                .clawback
                .as_deref()
                .map(|c| format!(" → {c}"))
                .unwrap_or_default();
            let _ = writeln!(out, "  ! {}{claw}", o.text);
        }
        let _ = writeln!(out, "  {}", p.source_text);
    }
    if !r.land.is_empty() {
        let _ = writeln!(out, "\nLand:");
        for z in &r.land {
            let max = z.max_supported_mu.as_deref().unwrap_or("-");
            let _ = writeln!(out, "  {} (investment supports up to {max} mu)", z.name);
            for p in &z.parcels {
                let _ = writeln!(
                    out,
                    "    {} {:<40} {:>8} mu  cost {:>16}",
                    if p.fits { "✓" } else { "✗" },
                    p.name,
                    p.used_mu,
                    p.cost.0.to_fen_string()
                );
            }
            if z.parcels_total > z.parcels.len() {
                let _ = writeln!(
                    out,
                    "    {} of {} parcels fit; the best are shown (the others: evaluate --parcels {})",
                    z.parcels_fit, z.parcels_total, z.zone
                );
            }
            for f in &z.factories {
                let rent = f
                    .annual_rent
                    .map(|m| m.0.to_fen_string())
                    .unwrap_or_else(|| "-".into());
                let _ = writeln!(
                    out,
                    "    {} {:<40} rent/yr {:>16}",
                    if f.fits { "✓" } else { "✗" },
                    f.name,
                    rent
                );
            }
        }
    }
    if !r.what_if.is_empty() {
        let _ = writeln!(out, "\nWhat if:");
        for w in &r.what_if {
            let _ = writeln!(out, "  {}", w.text);
        }
    }
    for w in &r.warnings {
        let _ = writeln!(out, "warning: {}", w.message);
    }
    for e in &r.errors {
        let _ = writeln!(out, "error [{}] {}: {}", e.code, e.path, e.message);
    }
    if !r.policy.disclaimer.is_empty() {
        let _ = writeln!(out, "\n{}", r.policy.disclaimer);
    }
    out
}
