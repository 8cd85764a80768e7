-- Outcomes of the MARKET and MANAGE domains (docs/metrics.md): partner-sourced revenue, plan
-- attainment, incentive ROI against a comparison group, MDF attribution and partner NPS. Every
-- macro reads the partners that match the filters, terminated ones included.

create or replace macro partners_in_selection(tiers, regions, cams, partner_types) as table
select *
from stg_partners
where in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type);

create or replace macro partner_sourced(as_of, window_months, tiers, regions, cams, partner_types)
as table
select
    sum(amounts.partner_sourced_amount) as partner_sourced_amount,
    sum(amounts.known_origin_amount) as known_origin_amount,
    coalesce(sum(amounts.unknown_origin_amount), 0) as unknown_origin_amount,
    partner_sourced_share_of(
        sum(amounts.partner_sourced_amount), sum(amounts.known_origin_amount)
    ) as partner_sourced_share,
from partner_outcome_amounts(as_of, window_months) as amounts
semi join partners_in_selection(tiers, regions, cams, partner_types) as chosen using (partner_id);

-- Won revenue by the quarter it closed in, tier, partner type and origin, up to as_of.
create or replace macro partner_sourced_by_quarter(as_of, tiers, regions, cams, partner_types)
as table
select
    won.closed_quarter as quarter_start,
    chosen.tier,
    chosen.partner_type,
    coalesce(won.origin, 'unknown') as origin,
    sum(won.amount) as won_amount,
    count(*) as won_deals,
from int_won_deals as won
join partners_in_selection(tiers, regions, cams, partner_types) as chosen using (partner_id)
where won.closed_on <= cast(as_of as date)
group by all
order by all;

-- Each selected partner's target and won revenue per quarter that has a target, up to the
-- quarter of as_of; a quarter not yet over counts what was won by as_of.
create or replace macro plan_partner_quarters(as_of, tiers, regions, cams, partner_types) as table
with
targets as (
    select partner_id, quarter_start, sum(target_amount) as target_amount,
    from stg_partner_targets
    where quarter_start <= cast(as_of as date)
    group by all
),

won as (
    select partner_id, closed_quarter as quarter_start, sum(amount) as won_amount,
    from int_won_deals
    where closed_on <= cast(as_of as date)
    group by all
)

select
    targets.quarter_start,
    quarter_end(targets.quarter_start) <= cast(as_of as date) as is_complete,
    chosen.partner_id,
    chosen.partner_name,
    chosen.tier,
    chosen.cam_id,
    targets.target_amount,
    coalesce(won.won_amount, 0) as won_amount,
    coalesce(won.won_amount, 0) >= targets.target_amount as is_on_plan,
from targets
join partners_in_selection(tiers, regions, cams, partner_types) as chosen using (partner_id)
left join won using (partner_id, quarter_start);

create or replace macro plan_attainment_by_quarter(as_of, tiers, regions, cams, partner_types)
as table
select
    quarter_start,
    is_complete,
    count(*) as partners_with_target,
    sum(target_amount) as target_amount,
    sum(won_amount) as won_amount,
    ratio(sum(won_amount), sum(target_amount)) as plan_attainment,
    count(*) filter (where is_on_plan) as partners_on_plan,
    ratio(count(*) filter (where is_on_plan), count(*)) as partners_on_plan_rate,
from plan_partner_quarters(as_of, tiers, regions, cams, partner_types)
group by all
order by quarter_start;

create or replace macro plan_attainment_partners(
    plan_quarter, as_of, tiers, regions, cams, partner_types
) as table
select
    plan.partner_id,
    plan.partner_name,
    plan.tier,
    managers.cam_name,
    plan.target_amount,
    plan.won_amount,
    ratio(plan.won_amount, plan.target_amount) as attainment,
    plan.target_amount - plan.won_amount as gap_amount,
from plan_partner_quarters(as_of, tiers, regions, cams, partner_types) as plan
left join stg_cams as managers using (cam_id)
where plan.quarter_start = cast(plan_quarter as date)
order by gap_amount desc, plan.partner_id;

-- Each program that started on or before as_of, with the days it measures: [starts_on, the
-- earlier of ends_on and as_of], L days, and the L days that end the day before it starts.
-- Given ended_after, only the programs that ended after it and by as_of: the headline reads
-- those alone, and each macro below passes it on so that none measures the others.
create or replace macro incentive_periods(as_of, ended_after := null) as table
select
    program_id,
    name,
    kind,
    product_line,
    starts_on,
    ends_on,
    least(ends_on, cast(as_of as date)) as measured_to,
    cast(least(ends_on, cast(as_of as date)) - starts_on + 1 as integer) as program_days,
    starts_on - cast(least(ends_on, cast(as_of as date)) - starts_on + 1 as integer) as before_from,
    starts_on - 1 as before_to,
from stg_incentive_programs
where starts_on <= cast(as_of as date)
    and ends_on >= starts_on
    and (
        ended_after is null
        or (ends_on > cast(ended_after as date) and ends_on <= cast(as_of as date))
    );

-- Participants (selected partners with a payment earned by as_of) and the comparison group
-- (the other selected partners enrolled on starts_on), one row per program and partner.
create or replace macro incentive_groups(
    as_of, tiers, regions, cams, partner_types, ended_after := null
) as table
with
programs as (
    select * from incentive_periods(as_of, ended_after := ended_after)
),

chosen as (
    select * from partners_in_selection(tiers, regions, cams, partner_types)
),

participants as (
    select distinct payments.program_id, payments.partner_id,
    from stg_incentive_payments as payments
    semi join chosen using (partner_id)
    where payments.earned_on <= cast(as_of as date)
)

select programs.program_id, participants.partner_id, 'participants' as partner_group,
from programs
join participants using (program_id)
union all
select programs.program_id, chosen.partner_id, 'comparison' as partner_group,
from programs
cross join chosen
anti join participants
    on participants.program_id = programs.program_id
    and participants.partner_id = chosen.partner_id
where chosen.enrolled_on <= programs.starts_on
    and (chosen.terminated_on is null or chosen.terminated_on > programs.starts_on);

-- Each program's participants and comparison partners, counted (programs without either: absent).
create or replace macro incentive_group_sizes(
    as_of, tiers, regions, cams, partner_types, ended_after := null
) as table
select
    program_id,
    count(*) filter (where partner_group = 'participants') as participants,
    count(*) filter (where partner_group = 'comparison') as comparison_partners,
from incentive_groups(as_of, tiers, regions, cams, partner_types, ended_after := ended_after)
group by program_id;

-- Each partner's won revenue on each program's line, before and during it, by month: for the
-- programs started by as_of that end after ending_after (all of them when it is null).
create or replace macro incentive_partner_revenue(as_of, ending_after) as table
with
programs as (
    select *
    from incentive_periods(as_of)
    where ending_after is null or ends_on > cast(ending_after as date)
),

-- A program on one line matches that line's deals by equality (a hash join), one on every line
-- matches them all.
matched as (
    select programs.program_id, programs.starts_on, won.partner_id, won.closed_on, won.amount,
    from programs
    join int_won_deals as won
        on won.product_line = programs.product_line
        and won.closed_on >= programs.before_from
        and won.closed_on <= programs.measured_to
    union all
    select programs.program_id, programs.starts_on, won.partner_id, won.closed_on, won.amount,
    from programs
    join int_won_deals as won
        on programs.product_line is null
        and won.closed_on >= programs.before_from
        and won.closed_on <= programs.measured_to
)

select
    program_id,
    partner_id,
    case when closed_on >= starts_on then 'during' else 'before' end as phase,
    cast(date_trunc('month', closed_on) as date) as month_start,
    sum(amount) as won_amount,
from matched
group by all;

-- The same once every program has ended: what a program that ended by as_of measures whatever
-- as_of is. Stored at load (queries/loader.py), so the pages read a row per partner and month
-- instead of matching every won deal to the programs again.
create or replace view int_incentive_partner_revenue as
select *
from incentive_partner_revenue((select max(ends_on) from stg_incentive_programs), null);

-- incentive_partner_revenue on as_of: the stored rows of the programs ended by then, the
-- running ones' computed.
create or replace macro incentive_partner_revenue_on(as_of) as table
select stored.*
from int_incentive_partner_revenue as stored
semi join incentive_periods(as_of) as programs
    on programs.program_id = stored.program_id and programs.ends_on <= cast(as_of as date)
union all
select * from incentive_partner_revenue(as_of, as_of);

-- incentive_partner_revenue_on, each partner's months summed into its two phases: what
-- incentive_results reads, a row per program and partner. The ended programs' are stored at load
-- (queries/loader.py), summed from int_incentive_partner_revenue.
create or replace view int_incentive_partner_totals as
select
    program_id,
    partner_id,
    sum(won_amount) filter (where phase = 'before') as revenue_before,
    sum(won_amount) filter (where phase = 'during') as revenue_during,
from int_incentive_partner_revenue
group by program_id, partner_id;

create or replace macro incentive_partner_totals_on(as_of, ended_after := null) as table
select stored.*
from int_incentive_partner_totals as stored
semi join incentive_periods(as_of, ended_after := ended_after) as programs
    on programs.program_id = stored.program_id and programs.ends_on <= cast(as_of as date)
union all
-- The running programs (none has ended after ended_after by as_of).
select
    program_id,
    partner_id,
    sum(won_amount) filter (where phase = 'before') as revenue_before,
    sum(won_amount) filter (where phase = 'during') as revenue_during,
from incentive_partner_revenue(as_of, as_of)
where ended_after is null
group by program_id, partner_id;

-- Per program: R_X(before), R_X(during) for participants P and comparison N, growth
-- g = R_N(during) ÷ R_N(before) (1 when R_N(before) = 0), incremental = R_P(during) − g R_P(before),
-- cost = Σ its payments, ROI = (incremental − cost) ÷ cost, payout lag = median days to pay.
create or replace macro incentive_results(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types, ended_after := null
) as table
with
programs as (
    select * from incentive_periods(as_of, ended_after := ended_after)
),

-- Built once and read twice (the groups' sizes, and their revenue): as two readings of
-- incentive_groups, the partners were crossed with the programs twice.
members as materialized (
    select *
    from incentive_groups(as_of, tiers, regions, cams, partner_types, ended_after := ended_after)
),

groups as (
    select
        program_id,
        count(*) filter (where partner_group = 'participants') as participants,
        count(*) filter (where partner_group = 'comparison') as comparison_partners,
    from members
    group by program_id
),

revenue as (
    select
        groups.program_id,
        sum(totals.revenue_before) filter (where groups.partner_group = 'participants')
            as participant_revenue_before,
        sum(totals.revenue_during) filter (where groups.partner_group = 'participants')
            as participant_revenue_during,
        sum(totals.revenue_before) filter (where groups.partner_group = 'comparison')
            as comparison_revenue_before,
        sum(totals.revenue_during) filter (where groups.partner_group = 'comparison')
            as comparison_revenue_during,
    from incentive_partner_totals_on(as_of, ended_after := ended_after) as totals
    join members as groups using (program_id, partner_id)
    group by groups.program_id
),

payments as (
    select
        payments.program_id,
        sum(payments.amount) as cost,
        median(payments.paid_on - payments.earned_on)
            filter (where payments.paid_on <= cast(as_of as date)) as payout_lag_days,
    from stg_incentive_payments as payments
    semi join partners_in_selection(tiers, regions, cams, partner_types) using (partner_id)
    where payments.earned_on <= cast(as_of as date)
    group by payments.program_id
),

measured as (
    select
        programs.program_id,
        programs.name,
        programs.kind,
        programs.product_line,
        programs.starts_on,
        programs.ends_on,
        programs.program_days,
        programs.ends_on > window_start(as_of, window_months)
            and programs.ends_on <= cast(as_of as date) as ends_in_window,
        coalesce(groups.participants, 0) as participants,
        coalesce(groups.comparison_partners, 0) as comparison_partners,
        coalesce(revenue.participant_revenue_before, 0) as participant_revenue_before,
        coalesce(revenue.participant_revenue_during, 0) as participant_revenue_during,
        coalesce(revenue.comparison_revenue_before, 0) as comparison_revenue_before,
        coalesce(revenue.comparison_revenue_during, 0) as comparison_revenue_during,
        coalesce(payments.cost, 0) as cost,
        payments.payout_lag_days,
    from programs
    left join groups using (program_id)
    left join revenue using (program_id)
    left join payments using (program_id)
),

final as (
    select
        * exclude (cost, payout_lag_days),
        coalesce(ratio(comparison_revenue_during, comparison_revenue_before), 1.0)
            as comparison_growth,
        participant_revenue_during - comparison_growth * participant_revenue_before
            as incremental_revenue,
        cost,
        ratio(incremental_revenue - cost, cost) as incentive_roi,
        payout_lag_days,
    from measured
)

select * from final order by starts_on, program_id;

-- Revenue per month before and during each program, per group, with the group's size, so that
-- a chart can show revenue per partner. Months without revenue are there, at 0.
create or replace macro incentive_revenue_by_month(as_of, tiers, regions, cams, partner_types)
as table
with
programs as (
    select * from incentive_periods(as_of)
),

-- Built once and read twice (the groups' sizes, and their revenue).
members as materialized (
    select * from incentive_groups(as_of, tiers, regions, cams, partner_types)
),

sizes as (
    select program_id, partner_group, count(*) as partners,
    from members
    group by all
),

months as (
    select
        programs.program_id,
        cast(month_start as date) as month_start,
        phase,
    from programs
    cross join range(
        cast(date_trunc('month', programs.before_from) as timestamp),
        cast(programs.measured_to as timestamp) + interval 1 day,
        interval 1 month
    ) as calendar(month_start)
    cross join (values ('before'), ('during')) as phases(phase)
    -- A month belongs to a phase when some day of it does.
    where (phase = 'before' and cast(month_start as date) <= programs.before_to)
        or (phase = 'during' and cast(month_start as date) + interval 1 month > programs.starts_on)
),

-- Won revenue on each program's line by its groups, before and during it, by month.
revenue as (
    select
        revenue.program_id,
        members.partner_group,
        revenue.month_start,
        revenue.phase,
        sum(revenue.won_amount) as won_amount,
    from incentive_partner_revenue_on(as_of) as revenue
    join members using (program_id, partner_id)
    group by all
)

select
    months.program_id,
    sizes.partner_group,
    months.month_start,
    months.phase,
    coalesce(revenue.won_amount, 0) as won_amount,
    sizes.partners,
from months
join sizes using (program_id)
left join revenue using (program_id, partner_group, month_start, phase)
order by months.program_id, sizes.partner_group, months.month_start, months.phase;

-- Incentives each selected partner earned in the window, and what of it was paid by as_of.
create or replace macro incentive_earned_by_partner(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
select
    payments.partner_id,
    sum(payments.amount) as incentives_earned,
    coalesce(sum(payments.amount) filter (where payments.paid_on <= cast(as_of as date)), 0)
        as incentives_paid,
from stg_incentive_payments as payments
semi join partners_in_selection(tiers, regions, cams, partner_types) using (partner_id)
where payments.earned_on > window_start(as_of, window_months)
    and payments.earned_on <= cast(as_of as date)
group by payments.partner_id;

create or replace macro nps_group(score) as (
    case when score >= 9 then 'promoter' when score >= 7 then 'passive' else 'detractor' end
);

-- NPS = 100 × (promoters − detractors) ÷ responses.
create or replace macro net_promoter_score(promoters, detractors, responses) as (
    100.0 * ratio(promoters - detractors, responses)
);

-- Each partner's latest answer on or before as_of, at any time (the scorecard's). Two answers on
-- one day: the lower score.
create or replace macro partner_latest_nps(as_of) as table
select partner_id, responded_on, score,
from stg_partner_surveys
where responded_on <= cast(as_of as date)
qualify row_number() over (partition by partner_id order by responded_on desc, score) = 1;

-- Each selected partner's latest answer with responded_on in (window_start, as_of].
create or replace macro partner_nps_responses(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
latest as (
    select partner_id, responded_on, score,
    from stg_partner_surveys
    where responded_on > window_start(as_of, window_months)
        and responded_on <= cast(as_of as date)
    qualify row_number() over (partition by partner_id order by responded_on desc, score) = 1
)

select
    chosen.partner_id,
    chosen.partner_name,
    chosen.tier,
    managers.cam_name,
    latest.responded_on,
    latest.score,
    nps_group(latest.score) as nps_group,
from latest
join partners_in_selection(tiers, regions, cams, partner_types) as chosen using (partner_id)
left join stg_cams as managers using (cam_id)
order by latest.score, chosen.partner_id;

-- Registrations and those attributed to an MDF claim with their pipeline, per partner and month of
-- registration, for the registrations in (after, up_to] (unbounded on a side that is null).
create or replace macro mdf_registration_months(after, up_to) as table
select
    partner_id,
    cast(date_trunc('month', registered_on) as date) as month_start,
    count(*) as registrations,
    count(*) filter (where mdf_claim_id is not null) as mdf_registrations,
    sum(amount) filter (where mdf_claim_id is not null) as mdf_pipeline,
from stg_deal_registrations
where (after is null or registered_on > cast(after as date))
    and (up_to is null or registered_on <= cast(up_to as date))
group by all;

-- Every month's, stored at load (queries/loader.py): a window reads its whole months here, a
-- row per partner and month, instead of every registration.
create or replace view int_mdf_registration_months as
select * from mdf_registration_months(null, null);

-- mdf_registration_months(after, up_to): the whole months from the stored table, the partial
-- months at either end (after's and up_to's) from the registrations.
create or replace macro mdf_registration_months_between(after, up_to) as table
select stored.*
from int_mdf_registration_months as stored
where (after is null or stored.month_start > cast(after as date))
    and stored.month_start < cast(date_trunc('month', cast(up_to as date) + 1) as date)
union all
select *
from mdf_registration_months(
    after,
    least(cast(date_trunc('month', cast(after as date)) + interval 1 month as date) - 1, up_to)
)
where after is not null
union all
select *
from mdf_registration_months(
    -- After the first partial month too: when after and up_to share a month, that one read it.
    greatest(
        cast(date_trunc('month', cast(up_to as date) + 1) as date) - 1,
        cast(date_trunc('month', cast(after as date)) + interval 1 month as date) - 1
    ),
    up_to
);

-- Per quarter of registration: registrations, those attributed to an MDF claim and their pipeline,
-- MDF paid on the quarter's claims, and what a pipeline dollar cost.
create or replace macro mdf_attribution_by_quarter(as_of, tiers, regions, cams, partner_types)
as table
with
chosen as (
    select partner_id from partners_in_selection(tiers, regions, cams, partner_types)
),

registrations as (
    select
        cast(date_trunc('quarter', month_start) as date) as quarter_start,
        cast(sum(registrations) as bigint) as registrations,
        cast(sum(mdf_registrations) as bigint) as mdf_registrations,
        coalesce(sum(mdf_pipeline), 0) as mdf_pipeline,
    from mdf_registration_months_between(null, as_of)
    semi join chosen using (partner_id)
    group by all
),

paid as (
    select quarter_start, sum(paid_amount) as mdf_paid,
    from stg_mdf_claims
    semi join chosen using (partner_id)
    where quarter_start <= cast(as_of as date)
    group by all
)

select
    quarter_start,
    coalesce(registrations.registrations, 0) as registrations,
    coalesce(registrations.mdf_registrations, 0) as mdf_registrations,
    ratio(registrations.mdf_registrations, registrations.registrations)
        as mdf_attributed_registration_rate,
    coalesce(registrations.mdf_pipeline, 0) as mdf_pipeline,
    coalesce(paid.mdf_paid, 0) as mdf_paid,
    ratio(paid.mdf_paid, registrations.mdf_pipeline) as cost_per_pipeline_dollar,
from registrations
full join paid using (quarter_start)
order by quarter_start;

-- The outcome KPIs the pages also show one window earlier, for the change (one row; null is
-- "no data"): partner-sourced share and plan attainment, summed from the partner snapshot
-- (partner_outcome_amounts) rather than from every won deal again.
create or replace macro outcome_change_kpis(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
partners as (
    select *
    from selected_partner_snapshot(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

sums as (
    select
        partner_sourced_share_of(sum(partner_sourced_amount), sum(known_origin_amount))
            as partner_sourced_share,
        -- Plan attainment: won ÷ target of the partners with a target for the last complete
        -- quarter; on plan when a partner won its own target.
        ratio(
            sum(plan_won_amount) filter (where has_plan_target),
            sum(plan_target_amount) filter (where has_plan_target)
        ) as plan_attainment,
        ratio(
            count(*) filter (where has_plan_target and plan_won_amount >= plan_target_amount),
            count(*) filter (where has_plan_target)
        ) as partners_on_plan_rate,
    from partners
),

final as (
    select
        sums.partner_sourced_share,
        last_complete_quarter(as_of) as plan_quarter,
        case when has.partner_targets then sums.plan_attainment end as plan_attainment,
        case when has.partner_targets then sums.partners_on_plan_rate end
            as partners_on_plan_rate,
    from sums
    cross join program_has as has
)

select * from final;

-- The other headline outcome KPIs on as_of (one row); null is "no data".
create or replace macro outcome_kpis(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
has as (
    select
        program_has.*,
        exists (select 1 from mdf_claims) as mdf_claims,
    from program_has
),

incentives as (
    select
        sum(incremental_revenue) as incentive_incremental_revenue,
        sum(cost) as incentive_cost,
        ratio(sum(incremental_revenue) - sum(cost), sum(cost)) as incentive_roi,
    from incentive_results(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types,
        ended_after := window_start(as_of, window_months)
    )
    where ends_in_window
),

chosen as (
    select partner_id from partners_in_selection(tiers, regions, cams, partner_types)
),

attribution as (
    select
        ratio(sum(mdf_registrations), sum(registrations)) as mdf_attributed_registration_rate,
        sum(mdf_pipeline) as mdf_pipeline,
    from mdf_registration_months_between(window_start(as_of, window_months), as_of)
    semi join chosen using (partner_id)
),

mdf_paid as (
    select sum(paid_amount) as mdf_paid,
    from stg_mdf_claims
    semi join chosen using (partner_id)
    where quarter_start > window_start(as_of, window_months)
        and quarter_start <= cast(as_of as date)
),

nps as (
    select
        count(*) as nps_responses,
        net_promoter_score(
            count(*) filter (where nps_group = 'promoter'),
            count(*) filter (where nps_group = 'detractor'),
            count(*)
        ) as partner_nps,
    from partner_nps_responses(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
)

select
    case when has.incentives then incentives.incentive_incremental_revenue end
        as incentive_incremental_revenue,
    case when has.incentives then incentives.incentive_cost end as incentive_cost,
    case when has.incentives then incentives.incentive_roi end as incentive_roi,
    case when has.mdf_claims then attribution.mdf_attributed_registration_rate end
        as mdf_attributed_registration_rate,
    case when has.mdf_claims then ratio(mdf_paid.mdf_paid, attribution.mdf_pipeline) end
        as cost_per_pipeline_dollar,
    case when has.partner_surveys then nps.partner_nps end as partner_nps,
    case when has.partner_surveys then nps.nps_responses end as nps_responses,
from has
cross join incentives
cross join attribution
cross join mdf_paid
cross join nps;
