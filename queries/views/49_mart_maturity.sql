-- The maturity model of the seed document, read off the headline KPIs. A program is at the
-- highest level whose criteria, and those of every level below, are all met; a criterion with
-- no data counts as unmet. A criterion the program's data cannot measure at all (the optional
-- table it needs is not loaded) is neither met nor failed: `is_met` is null and the level is
-- read from the others. Where the seed gives no number, the threshold is the project's own
-- reading and says so in `source` (docs/metrics.md explains each).
create or replace macro maturity_criteria_of(
    dark_partner_rate, mdf_utilization, forecast_accuracy,
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
-- The three headline KPIs the criteria read, as the page already holds them (headline_kpis):
-- passed in rather than computed a second time.
kpis as (
    select
        cast(dark_partner_rate as double) as dark_partner_rate,
        cast(mdf_utilization as double) as mdf_utilization,
        cast(forecast_accuracy as double) as forecast_accuracy,
),

partners as (
    select partner_id
    from selected_partner_snapshot(
        as_of, window_months, grace_days, tiers, regions, cams, partner_types
    )
),

-- Incentive ROI is baseline-adjusted when the program is measured against a comparison group:
-- the groups' sizes say so, without the revenue incentive_results reads.
incentives as (
    select
        ratio(
            count(*) filter (where participants > 0 and comparison_partners > 0),
            count(*) filter (where participants > 0)
        ) as incentives_measured_share,
    from incentive_group_sizes(as_of, tiers, regions, cams, partner_types)
),

-- Pipeline is attributed when a registration says who found it or which MDF claim paid for it.
-- Read from the stored registrations, whose origin is worked out once at load (staging cleans
-- it for each of millions of registrations a query reads); both hold the same partners' deals.
attribution as (
    select
        ratio(
            count(*) filter (where registrations.origin is not null
                or registrations.mdf_claim_id is not null),
            count(*)
        ) as attributed_registration_share,
    from int_registrations as registrations
    semi join partners using (partner_id)
    where registrations.registered_on > window_start(as_of, window_months)
        and registrations.registered_on <= cast(as_of as date)
),

claim_ids as (
    select exists (
        select 1 from stg_deal_registrations where mdf_claim_id is not null
    ) as any_claim_id
),

criteria as (
    select *
    from (
        values
            (2, 'dark_partner_rate', 'below', 0.50,
             'Dark-partner rate below 50%',
             'Project threshold: most established partners produce (IDC: ~69% inactive is common)'),
            (3, 'mdf_utilization', 'above', 0.70,
             'MDF utilization above 70% of allocation',
             'Seed maturity model, Level 3'),
            (4, 'dark_partner_rate', 'below', 0.20,
             'Dark-partner rate below 20%',
             'Seed maturity model, Level 4'),
            (4, 'forecast_accuracy', 'at least', 0.90,
             'Channel forecast within 10% of actual',
             'Seed maturity model, Level 4'),
            (4, 'mdf_utilization', 'at least', 0.90,
             'MDF fully utilized (90% or more)',
             'Seed maturity model, Level 4; 90% is the project''s reading of "fully"'),
            (4, 'incentives_measured_share', 'at least', 1.0,
             'Every incentive program measured against a comparison group',
             'Seed maturity model, Level 4 (SPIFF ROI measured against a baseline)'),
            (4, 'attributed_registration_share', 'at least', 0.5,
             'Pipeline attribution: half or more of registrations carry an origin or MDF claim',
             'Seed maturity model, Level 4 (measurable pipeline attribution); half is the '
             'project''s reading of "measurable"')
    ) as criteria(maturity_level, metric, comparison, threshold, requirement, source)
),

final as (
    select
        criteria.*,
        case criteria.metric
            when 'dark_partner_rate' then kpis.dark_partner_rate
            when 'mdf_utilization' then kpis.mdf_utilization
            when 'forecast_accuracy' then kpis.forecast_accuracy
            when 'incentives_measured_share' then incentives.incentives_measured_share
            when 'attributed_registration_share'
                then attribution.attributed_registration_share
        end as value,
        -- Origins and claim ids over the whole program, not the slice: a slice without them
        -- is measured (and unmet), a program that never records them is not measurable.
        case criteria.metric
            when 'incentives_measured_share' then has.incentives
            when 'attributed_registration_share'
                then has.partner_origin or claim_ids.any_claim_id
            else true
        end as is_measurable,
        case
            when is_measurable then coalesce(
                case criteria.comparison
                    when 'below' then value < criteria.threshold
                    when 'above' then value > criteria.threshold
                    else value >= criteria.threshold
                end,
                false
            )
        end as is_met,
    from criteria
    cross join kpis
    cross join incentives
    cross join attribution
    cross join claim_ids
    cross join program_has as has
)

select * from final order by maturity_level, metric;

-- The criteria for a set of filters, the headline KPIs computed here.
create or replace macro maturity_criteria(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
with kpis as (
    select dark_partner_rate, mdf_utilization, forecast_accuracy
    from headline_kpis(
        as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
    )
)
select *
from maturity_criteria_of(
    (select dark_partner_rate from kpis),
    (select mdf_utilization from kpis),
    (select forecast_accuracy from kpis),
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
);

create or replace macro maturity_level(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
select coalesce(min(maturity_level) filter (where not is_met), 5) - 1 as maturity_level
from maturity_criteria(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
);
