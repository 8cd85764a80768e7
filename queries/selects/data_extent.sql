select * from data_extent
