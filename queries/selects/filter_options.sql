-- Values offered by the global filters, in the order a channel leader expects them.
with
-- A signed-in CAM is offered only the values of their own partners.
partners as (
    select * from stg_partners where in_filter($scope_cams, cam_id)
),

tiers as (
    select
        'tier' as filter,
        partners.tier as value,
        partners.tier as label,
        min(coalesce(program.tier_rank, 99)) as sort_key,
    from partners
    left join stg_program_tiers as program using (tier)
    group by all
),

regions as (
    select distinct 'region' as filter, region as value, region as label, 0 as sort_key,
    from partners
),

partner_types as (
    select distinct 'partner_type' as filter, partner_type as value, partner_type as label,
        0 as sort_key,
    from partners
),

-- The CAM's name is what the filter shows and what a shared link carries (?cam=Ana%20Diaz),
-- so a name that two CAMs share gets the CAM's id beside it.
cam_names as (
    select distinct
        partners.cam_id,
        coalesce(stg_cams.cam_name, partners.cam_id) as cam_name,
    from partners
    left join stg_cams using (cam_id)
    where partners.cam_id is not null
),

cams as (
    select
        'cam' as filter,
        cam_id as value,
        case
            when count(*) over (partition by cam_name) > 1 then cam_name || ' (' || cam_id || ')'
            else cam_name
        end as label,
        0 as sort_key,
    from cam_names
),

final as (
    select * from tiers
    union all select * from regions
    union all select * from partner_types
    union all select * from cams
)

select * from final order by filter, sort_key, label
