//! What a project contributes to the year's targets (the staff view): its investment as
//! a share of each target's funds, and which project counts it fills.

use crate::money::DecOps;

use super::Ctx;
use crate::i18n::format as fmt;
use crate::money::Money;
use crate::policy::{ProjectCount, ProjectsRule};
use crate::report::{DepartmentShare, Fen, ProjectShare, TargetsReport, ZoneShare};
use rust_decimal::{Decimal, RoundingStrategy};

/// `part / whole` as a percentage with two places, rounded half away from zero.
fn percent(part: Money, whole: Money) -> String {
    part.get()
        .cmul(Decimal::ONE_HUNDRED)
        .and_then(|p| p.cdiv(whole.get()))
        .map(|p| p.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
        .map_or_else(String::new, |p| format!("{p:.2}"))
}

fn projects(ctx: &Ctx, list: &[ProjectCount]) -> Vec<ProjectShare> {
    let invest = ctx.s.investment();
    list.iter()
        .map(|pc| {
            let counts = invest >= pc.min_investment;
            let min = fmt::money_compact(pc.min_investment, ctx.lang);
            let n = pc.count.to_string();
            let key = match (counts, pc.min_investment.get().is_zero()) {
                (true, true) => "target.project.any-size",
                (true, false) => "target.project.counts",
                (false, _) => "target.project.below",
            };
            ProjectShare {
                min_investment: Fen(pc.min_investment),
                count: pc.count,
                counts,
                text: ctx.say(key, &[("min", &min), ("count", &n)]),
            }
        })
        .collect()
}

fn share_text(ctx: &Ctx, funds: Money, share: &str) -> String {
    ctx.say(
        "target.share",
        &[
            ("amount", &fmt::money_compact(ctx.s.investment(), ctx.lang)),
            ("target", &fmt::money_compact(funds, ctx.lang)),
            ("share", share),
        ],
    )
}

/// The project's share of the targets in force on the as-of date, if the policy has any.
pub(crate) fn targets(ctx: &Ctx) -> Option<TargetsReport> {
    let t = ctx.policy.targets.as_ref()?;
    if ctx.s.as_of < t.effective_from {
        return None;
    }
    let zone = t.zones.iter().find(|z| z.zone == ctx.s.zone()).map(|z| {
        let share = percent(ctx.s.investment(), z.funds);
        ZoneShare {
            zone: z.zone.clone(),
            name: ctx
                .policy
                .zone(&z.zone)
                .map_or_else(String::new, |d| d.name.get(ctx.lang).to_string()),
            funds: Fen(z.funds),
            text: share_text(ctx, z.funds, &share),
            share,
            projects: projects(ctx, &z.new_projects),
        }
    });
    let departments = t
        .departments
        .iter()
        .map(|d| {
            let share = percent(ctx.s.investment(), d.funds);
            DepartmentShare {
                id: d.id.clone(),
                name: d.name.get(ctx.lang).to_string(),
                funds: Fen(d.funds),
                text: share_text(ctx, d.funds, &share),
                share,
                rule: d.projects_rule,
                rule_text: match d.projects_rule {
                    ProjectsRule::All => String::new(),
                    ProjectsRule::Any => ctx.t("target.rule.any").to_string(),
                },
                projects: projects(ctx, &d.new_projects),
            }
        })
        .collect();
    Some(TargetsReport {
        year: t.year,
        source_text: ctx.source_text(&t.source),
        zone,
        departments,
    })
}
