# bcache throughput against threads; data: "threads per_bucket global".
set terminal svg size 720,420 dynamic font "sans,12"
set output outfile
set title "bcache: operations per second (read/release mix)"
set xlabel "threads"
set ylabel "operations per second"
set xtics (1, 2, 4, 8)
set logscale x 2
set yrange [0:*]
set key top right
set grid
plot datafile using 1:2 with linespoints lw 2 title "per-bucket spinlocks", \
     datafile using 1:3 with linespoints lw 2 title "one global lock"
