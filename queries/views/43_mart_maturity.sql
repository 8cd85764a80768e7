-- The maturity model of the seed document, read off the headline KPIs. A program is at the
-- highest level whose criteria, and those of every level below, are all met; a criterion with
-- no data counts as unmet. Where the seed gives no number, the threshold is the project's own
-- reading and says so in `source` (docs/metrics.md explains each).
create or replace macro maturity_criteria(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
with
kpis as (
    select *
    from headline_kpis(
        as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
    )
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
             'Seed maturity model, Level 4; 90% is the project''s reading of "fully"')
    ) as criteria(maturity_level, metric, comparison, threshold, requirement, source)
),

final as (
    select
        criteria.*,
        case criteria.metric
            when 'dark_partner_rate' then kpis.dark_partner_rate
            when 'mdf_utilization' then kpis.mdf_utilization
            when 'forecast_accuracy' then kpis.forecast_accuracy
        end as value,
        coalesce(
            case criteria.comparison
                when 'below' then value < criteria.threshold
                when 'above' then value > criteria.threshold
                else value >= criteria.threshold
            end,
            false
        ) as is_met,
    from criteria
    cross join kpis
)

select * from final order by maturity_level, metric;

create or replace macro maturity_level(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
) as table
select coalesce(min(maturity_level) filter (where not is_met), 5) - 1 as maturity_level
from maturity_criteria(
    as_of, window_months, grace_days, lead_days, tiers, regions, cams, partner_types
);
