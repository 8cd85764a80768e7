-- Partners offered by the scorecard's search: the name is what a link carries, so a name two
-- partners share gets the partner's id beside it.
select
    partner_id,
    case
        when count(*) over (partition by partner_name) > 1
            then partner_name || ' (' || partner_id || ')'
        else partner_name
    end as label,
from stg_partners
order by label
