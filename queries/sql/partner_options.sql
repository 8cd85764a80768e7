-- Every partner's label, for links and for names in tables.
select partner_id, label from partner_labels order by label
