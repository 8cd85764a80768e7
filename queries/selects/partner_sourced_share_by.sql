-- Partner-sourced share of won revenue by quarter (the last eight), for the whole selection and
-- by tier and by partner type: Σ won with origin partner ÷ Σ won with a known origin.
with
won as (
    select *
    from partner_sourced_by_quarter($as_of, $tiers, $regions, $cams, $partner_types)
    where quarter_start > window_start($as_of, 24)
),

final as (
    select
        quarter_start,
        case
            when grouping(tier) = 0 then 'tier'
            when grouping(partner_type) = 0 then 'partner_type'
            else 'all'
        end as dimension,
        case
            when grouping(tier) = 0 then tier
            when grouping(partner_type) = 0 then coalesce(partner_type, 'No type given')
            else 'All selected partners'
        end as segment,
        coalesce(sum(won_amount) filter (where origin = 'partner'), 0) as partner_sourced_amount,
        coalesce(sum(won_amount) filter (where origin <> 'unknown'), 0) as known_origin_amount,
        ratio(partner_sourced_amount, known_origin_amount) as partner_sourced_share,
    from won
    group by grouping sets ((quarter_start, tier), (quarter_start, partner_type), (quarter_start))
)

select * from final order by dimension, segment, quarter_start
