-- QBR completion for each complete quarter of the last two years.
select
    quarter_start,
    count(*) as partners_due,
    count(*) filter (where held_qbr) as qbrs_held,
    ratio(count(*) filter (where held_qbr), count(*)) as qbr_completion_rate,
from qbr_completion(window_start($as_of, 24), $as_of, $tiers, $regions, $cams, $partner_types)
group by quarter_start
order by quarter_start
