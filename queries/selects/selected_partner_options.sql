-- The partners the global filters select, for the scorecard's search.
select labels.partner_id, labels.label,
from partner_labels as labels
join stg_partners as partners using (partner_id)
where in_selection(
    $tiers, $regions, $cams, $partner_types,
    partners.tier, partners.region, partners.cam_id, partners.partner_type
)
order by labels.label
