-- Every partner's label the viewer may see, for links and for names in tables.
select labels.partner_id, labels.label,
from partner_labels as labels
join stg_partners as partners using (partner_id)
where in_filter($scope_cams, partners.cam_id)
order by labels.label
