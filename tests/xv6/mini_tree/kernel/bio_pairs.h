// Shared by the designs that take any two buckets (ordered, evict): each hart steals from every
// other bucket for each bucket it owns, through the design's steal().
static void steal(int own, int other);

static void
steal_from_every_bucket(int hart, int rounds)
{
  for(int round = 0; round < rounds; round++)
    for(int own = hart; own < NBUCKET; own += 3)
      for(int other = 0; other < NBUCKET; other++)
        if(other != own)
          steal(own, other);
}
