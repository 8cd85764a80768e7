-- Revenue concentration over the window. The population is the filtered partners enrolled on
-- as_of (zeros included) plus any partner that brought revenue in the window and has left since.
create or replace macro concentration_base(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
final as (
    select
        partner_id,
        partner_name,
        tier,
        region,
        cam_id,
        partner_type,
        is_enrolled,
        revenue,
        row_number() over (order by revenue desc, partner_id) as revenue_rank,
    from partner_snapshot(as_of, window_months, grace_days)
    where (is_enrolled or revenue > 0)
        and in_selection(tiers, regions, cams, partner_types, tier, region, cam_id, partner_type)
)

select * from final;

create or replace macro revenue_concentration(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
base as (
    select *
    from concentration_base(as_of, window_months, grace_days, tiers, regions, cams, partner_types)
),

ascending as (
    select revenue, row_number() over (order by revenue, partner_id) as position,
    from base
),

totals as (
    select count(*) as partners, sum(revenue) as revenue, from base
),

final as (
    select
        totals.partners,
        totals.revenue,
        ratio((select sum(revenue) from base where revenue_rank <= 5), totals.revenue)
            as top5_share,
        ratio(
            (select sum(revenue) from base where revenue_rank <= ceil(0.2 * totals.partners)),
            totals.revenue
        ) as top20pct_share,
        ratio((select sum(power(revenue, 2)) from base), power(totals.revenue, 2)) * 10000 as hhi,
        -- Gini from the ordered values: 2 Σ i·x_i ÷ (n Σx) − (n + 1) ÷ n.
        ratio(2 * (select sum(position * revenue) from ascending), totals.partners * totals.revenue)
            - (totals.partners + 1) / totals.partners as gini,
    from totals
)

select * from final;

-- The Lorenz curve in at most 100 points: cumulative share of partners (poorest first) against
-- their cumulative share of revenue.
create or replace macro revenue_lorenz(
    as_of, window_months, grace_days, tiers, regions, cams, partner_types
) as table
with
base as (
    select *
    from concentration_base(as_of, window_months, grace_days, tiers, regions, cams, partner_types)
),

cumulative as (
    select
        row_number() over (order by revenue, partner_id) / count(*) over () as partner_share,
        ratio(
            sum(revenue) over (order by revenue, partner_id rows unbounded preceding),
            sum(revenue) over ()
        ) as revenue_share,
        ntile(100) over (order by revenue, partner_id) as percentile,
    from base
),

final as (
    select 0.0 as partner_share, 0.0 as revenue_share
    union all
    select max(partner_share), max(revenue_share)
    from cumulative
    group by percentile
)

select * from final order by partner_share;
