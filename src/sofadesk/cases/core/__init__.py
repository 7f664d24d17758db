"""The case engine every case kind shares: who may see a case (the States concerned), what each State must
decide and by when (slots), the content as of each revision, the workflow table of each kind, and one `step`
that moves a case and writes its cited audit event.  A kind describes itself (cases/<kind>/kind.py) and calls
these; it does not re-implement them."""
