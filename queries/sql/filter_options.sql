-- Values offered by the global filters, in the order a channel leader expects them.
with
partners as (
    select * from stg_partners
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

cams as (
    select distinct
        'cam' as filter,
        partners.cam_id as value,
        coalesce(stg_cams.cam_name, partners.cam_id) as label,
        0 as sort_key,
    from partners
    left join stg_cams using (cam_id)
    where partners.cam_id is not null
),

final as (
    select * from tiers
    union all select * from regions
    union all select * from partner_types
    union all select * from cams
)

select * from final order by filter, sort_key, label
