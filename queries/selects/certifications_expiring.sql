-- Current certifications that expire in the next 90 days, soonest first.
select
    partners.partner_name,
    partners.tier,
    coalesce(cams.cam_name, 'Unassigned') as cam,
    certifications.certification,
    certifications.person,
    certifications.expires_on,
    certifications.expires_on - cast($as_of as date) as days_left,
from stg_certifications as certifications
join partner_snapshot($as_of, $window_months, $grace_days) as partners using (partner_id)
left join stg_cams as cams on cams.cam_id = partners.cam_id
where partners.is_enrolled
    and expires_within_90_days(certifications.completed_on, certifications.expires_on, $as_of)
    and in_selection(
        $tiers, $regions, $cams, $partner_types,
        partners.tier, partners.region, partners.cam_id, partners.partner_type
    )
order by certifications.expires_on, partners.partner_name
