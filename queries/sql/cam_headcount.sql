-- Today's CAMs per region and what a CAM costs a year.
select
    region,
    count(*) as cams,
    avg(annual_cost) as average_annual_cost,
from stg_cams
group by region
order by region
