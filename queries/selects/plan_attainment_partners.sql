-- Each selected partner with a target in one quarter, furthest behind plan first.
select * replace (coalesce(cam_name, 'Unassigned') as cam_name)
from plan_attainment_partners(
    $quarter_start, $as_of, $tiers, $regions, $cams, $partner_types
)
order by gap_amount desc, partner_name
