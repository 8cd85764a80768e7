-- Enrolled partners per health band, in the order a reader scans them.
with
bands as (
    select *
    from (
        values (1, 'healthy'), (2, 'watch'), (3, 'low'), (4, 'dark'), (5, 'onboarding')
    ) as bands(band_order, health_band)
),

counts as (
    select health_band, count(*) as partners, sum(revenue) as revenue,
    from partner_snapshot($as_of, $window_months, $grace_days)
    where is_enrolled
        and in_selection(
            $tiers, $regions, $cams, $partner_types,
            tier, region, cam_id, partner_type
        )
    group by health_band
)

select
    bands.band_order,
    bands.health_band,
    coalesce(counts.partners, 0) as partners,
    ratio(coalesce(counts.partners, 0), sum(counts.partners) over ()) as share,
    coalesce(counts.revenue, 0) as revenue,
from bands
left join counts using (health_band)
order by bands.band_order
