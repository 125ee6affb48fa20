"""Demo data (Qt-free): generated attendees, a two-day conference, and a video of tickets."""
