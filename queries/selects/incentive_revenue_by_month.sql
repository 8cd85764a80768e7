-- Won revenue per partner by month for each program's participants and comparison group, before
-- and during the program: groups of different size read on one scale. A month the program starts
-- in holds days of both phases; the chart reads it whole, as a month of the program.
with
months as (
    select
        program_id,
        partner_group,
        month_start,
        case when bool_or(phase = 'during') then 'during' else 'before' end as phase,
        sum(won_amount) as won_amount,
        max(partners) as partners,
    from incentive_revenue_by_month($as_of, $tiers, $regions, $cams, $partner_types)
    group by all
)

select *, ratio(won_amount, partners) as revenue_per_partner,
from months
order by program_id, partner_group, month_start
