-- Per quarter: the share of requests made in its last two weeks, days to approve and to pay.
select
    quarter_start,
    count(*) as requests,
    ratio(count(*) filter (where requested_in_last_two_weeks), count(*))
        as share_requested_in_last_two_weeks,
    median(days_to_approve) filter (where is_approved) as median_days_to_approve,
    median(days_to_pay) filter (where is_paid) as median_days_to_pay,
from int_mdf_claims
where quarter_start > window_start($as_of, 24)
    and quarter_start <= $as_of
    and requested_on <= $as_of
    and in_selection($tiers, $regions, $cams, $partner_types, tier, region, cam_id, partner_type)
group by quarter_start
order by quarter_start
