select table_name, row_count from program_tables order by table_name
