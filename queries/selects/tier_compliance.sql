-- Partners below their tier's requirements, largest revenue first, and what they lack.
select
    compliance.partner_name,
    compliance.tier,
    coalesce(cams.cam_name, 'Unassigned') as cam,
    compliance.current_certifications,
    compliance.required_certifications,
    compliance.revenue,
    compliance.revenue_threshold,
    compliance.lacks,
    count(*) over () as partners_below,
from tier_compliance(
    $as_of, $window_months, $grace_days, $tiers, $regions, $cams, $partner_types
) as compliance
left join stg_cams as cams using (cam_id)
where not compliance.is_compliant
order by compliance.revenue desc, compliance.partner_name
