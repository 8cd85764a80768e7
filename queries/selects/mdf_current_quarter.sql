-- The quarter that holds as_of: funds not yet requested, per partner, most to lose first.
select
    mdf.partner_id,
    mdf.partner_name,
    mdf.tier,
    coalesce(cams.cam_name, 'Unassigned') as cam,
    mdf.allocated_amount,
    mdf.requested_amount,
    mdf.claimed_amount,
    greatest(0, mdf.allocated_amount - mdf.requested_amount) as unrequested_amount,
    quarter_end(mdf.quarter_start) - cast($as_of as date) as days_left,
from mdf_partner_quarters(
    cast(date_trunc('quarter', cast($as_of as date)) as date) - 1, $as_of,
    $tiers, $regions, $cams, $partner_types
) as mdf
left join stg_cams as cams using (cam_id)
where mdf.allocated_amount > 0
order by unrequested_amount desc, mdf.partner_name
