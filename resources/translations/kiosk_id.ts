<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../kiosk/gui/context.py" line="137" />
        <source>This kiosk is not set up yet. Staff: open the staff menu (⚙) and pair it with the central list in the settings.</source>
        <extracomment>The device configuration (kiosk/core/config.py): the same values, under the same keys, that pairing writes and `kiosk checkin` and sync read. Scan latencies (frame into the worker -&gt; verdict painted), seconds.</extracomment>
        <translation>Kios ini belum disiapkan. Petugas: buka menu petugas (⚙), lalu tautkan kios ini ke server pusat di pengaturan.</translation>
    </message>
</context>
<context>
    <name>BadgePrinterDialog</name>
    <message>
        <location filename="../../kiosk/gui/printer_dialog.py" line="22" />
        <source>Print the badge of {name}</source>
        <translation>Cetak tanda pengenal {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/printer_dialog.py" line="36" />
        <source>Print</source>
        <translation>Cetak</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/printer_dialog.py" line="37" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/printer_dialog.py" line="45" />
        <source>Which printer prints the badges? The next badges go to the same one.</source>
        <translation>Cetak tanda pengenal di printer mana? Tanda pengenal berikutnya akan dicetak di printer yang sama.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/printer_dialog.py" line="51" />
        <source>This computer has no printer set up. Set one up (or ask the organiser), then print again.</source>
        <translation>Komputer ini belum punya printer. Pasang printer dulu (atau minta bantuan panitia), lalu cetak lagi.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../kiosk/gui/ui/banner.py" line="28" />
        <source>Scan received: it is decided when the open window is closed ({n} waiting).</source>
        <translation>Hasil pindai diterima: diproses setelah jendela yang terbuka ditutup ({n} menunggu).</translation>
    </message>
</context>
<context>
    <name>DayFiguresPanel</name>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="149" />
        <source>Gate</source>
        <translation>Pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="149" />
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="150" />
        <source>Checked in today</source>
        <translation>Sudah check-in hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="150" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="151" />
        <source>From</source>
        <translation>Pukul</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="151" />
        <source>Arrivals</source>
        <translation>Kedatangan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="157" />
        <source>Per gate</source>
        <translation>Per pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="158" />
        <source>Per ticket type</source>
        <translation>Per jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="159" />
        <source>Arrivals per 15 minutes</source>
        <translation>Kedatangan per 15 menit</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="165" />
        <source>Inside now: {n}</source>
        <translation>Di dalam sekarang: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="171" />
        <source>(none)</source>
        <translation>(tanpa jenis)</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="89" />
        <source>Registration desk</source>
        <extracomment>Search results shown at most; more means "type more". The last check-in made here, for undo: (checkin id, attendee name). Asked before a second badge for the same person; returns True to reprint. Where badges go: None asks with the print dialog (any printer, or PDF). The badge printer question, while it is (or was last) open. The reprint question, while it is (or was last) open. The refusal shown for the shown person that staff may overrule (the person and the refusal's words), else None: "Check in anyway" acts on this person. The refusal is "already checked in": the override lets them in again.</extracomment>
        <translation>Meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="92" />
        <source>Search name, e-mail, organisation or code</source>
        <translation>Cari nama, e-mail, instansi, atau kode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="100" />
        <source>Register a walk-in…</source>
        <translation>Pendaftaran di tempat…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="101" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="128" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="129" />
        <source>Organisation</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="130" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="131" />
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="132" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="133" />
        <source>Hand over</source>
        <translation>Perlu diserahkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="134" />
        <location filename="../../kiosk/gui/desk_window.py" line="224" />
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="135" />
        <source>Badge</source>
        <translation>Tanda pengenal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="136" />
        <location filename="../../kiosk/gui/desk_window.py" line="397" />
        <source>Check in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="137" />
        <location filename="../../kiosk/gui/desk_window.py" line="398" />
        <source>Check out</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="138" />
        <location filename="../../kiosk/gui/desk_window.py" line="549" />
        <source>Undo last check-in</source>
        <translation>Batalkan check-in terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="139" />
        <source>Print badge…</source>
        <translation>Cetak tanda pengenal…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="140" />
        <source>Check in anyway…</source>
        <translation>Tetap check-in…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="161" />
        <source>Attendee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="255" />
        <source>Code seen — hold still</source>
        <translation>Kode terlihat — tahan, jangan digerakkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="258" />
        <source>No camera</source>
        <translation>Tidak ada kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="283" />
        <source>The camera is not available. Retrying…</source>
        <translation>Kamera tidak tersedia. Mencoba lagi…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="284" />
        <source>No camera picture</source>
        <translation>Tidak ada gambar kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="314" />
        <source>Nobody found for “{text}”.</source>
        <translation>Tidak ada yang cocok dengan “{text}”.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="318" />
        <source>More than {n} found: type more to narrow the search.</source>
        <translation>Lebih dari {n} hasil: ketik lebih lengkap untuk mempersempit pencarian.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="322" />
        <source>Found: {n}</source>
        <translation>Ditemukan: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="334" />
        <source>cancelled</source>
        <translation>dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="336" />
        <source>not paid</source>
        <translation>belum dibayar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="338" />
        <source>not checked in</source>
        <translation>belum check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="340" />
        <source>✓ in since {time}</source>
        <translation>✓ masuk sejak {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="343" />
        <source>went out at {time}</source>
        <translation>keluar pukul {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="392" />
        <source>Search or scan to find an attendee</source>
        <translation>Cari atau pindai untuk menemukan peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="399" />
        <source>Print badge</source>
        <translation>Cetak tanda pengenal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="402" />
        <source>Check in {name}</source>
        <translation>Check-in {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="403" />
        <source>Check out {name}</source>
        <translation>Check-out {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="414" />
        <source>Issued by the central list at the next sync</source>
        <translation>Diterbitkan oleh server pusat saat sinkronisasi berikutnya</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="416" />
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="417" />
        <location filename="../../kiosk/gui/desk_window.py" line="418" />
        <source>Not paid</source>
        <translation>Belum dibayar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="419" />
        <source>Valid</source>
        <translation>Berlaku</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="437" />
        <source>Not checked in yet</source>
        <translation>Belum check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="443" />
        <source>Reprint badge for {name}</source>
        <translation>Cetak ulang tanda pengenal {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="463" />
        <source>Ticket code</source>
        <translation>Kode tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="524" />
        <source>Let {name} in again…</source>
        <translation>Izinkan {name} masuk lagi…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="525" />
        <source>Check in {name} anyway…</source>
        <translation>Tetap check-in {name}…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="583" />
        <source>that check-in does not exist.</source>
        <translation>check-in itu tidak ada.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="584" />
        <source>an undo cannot be undone; check the person in again.</source>
        <translation>pembatalan tidak bisa dibatalkan; check-in-kan lagi orangnya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="586" />
        <source>that check-in was already undone.</source>
        <translation>check-in itu sudah dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="587" />
        <source>it is {age} s old, and the undo window is {limit} s.</source>
        <translation>sudah {age} detik berlalu, sedangkan batasnya {limit} detik.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="685" />
        <location filename="../../kiosk/gui/desk_window.py" line="694" />
        <source>The badge printer “{name}” is not available: choose another one.</source>
        <translation>Printer tanda pengenal “{name}” tidak tersedia. Pilih printer lain.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="775" />
        <source>Check-out of {name} undone.</source>
        <translation>Check-out {name} dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="445" />
        <source>Not printed yet</source>
        <translation>Belum dicetak</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="218" />
        <source>Scan history</source>
        <translation>Riwayat pindai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="430" />
        <source>{time} in {gate}</source>
        <translation>masuk {time} di {gate}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="431" />
        <source>{time} out at {gate}</source>
        <translation>keluar {time} di {gate}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="440" />
        <source>Printed {n}×, last at {time} by {desk}</source>
        <translation>Dicetak {n}×, terakhir pukul {time} di {desk}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="446" />
        <source>Print badge for {name}</source>
        <translation>Cetak tanda pengenal {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="548" />
        <source>Undo check-in of {name}</source>
        <translation>Batalkan check-in {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="557" />
        <source>{name} is not checked in: nothing to check out.</source>
        <translation>{name} belum check-in, jadi tidak bisa check-out.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="592" />
        <source>Cannot undo: {reason}</source>
        <translation>Tidak dapat dibatalkan: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="574" />
        <location filename="../../kiosk/gui/desk_window.py" line="777" />
        <source>Check-in of {name} undone.</source>
        <translation>Check-in {name} dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="620" />
        <source>The walk-in could not be registered: {reason}</source>
        <translation>Pendaftaran di tempat gagal: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="666" />
        <source>The badge could not be printed: {reason}</source>
        <translation>Tanda pengenal tidak dapat dicetak: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="707" />
        <source>this desk</source>
        <translation>meja ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="708" />
        <source>another desk</source>
        <translation>meja lain</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="712" />
        <source>A badge for {name} was already printed at {time} by {desk}. Print another one?</source>
        <translation>Tanda pengenal {name} sudah dicetak pukul {time} di {desk}. Cetak lagi?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="721" />
        <source>Reprint badge?</source>
        <translation>Cetak ulang tanda pengenal?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="725" />
        <source>Print again</source>
        <translation>Cetak lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="726" />
        <source>Do not print</source>
        <translation>Jangan dicetak</translation>
    </message>
</context>
<context>
    <name>Details</name>
    <message>
        <location filename="../../kiosk/gui/details.py" line="40" />
        <source>Notes</source>
        <extracomment>Column names organisers use (folded: lower case, letters and digits only).</extracomment>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/details.py" line="42" />
        <source>T-shirt size</source>
        <translation>Ukuran kaos</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/details.py" line="44" />
        <source>Diet</source>
        <translation>Pantangan makanan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/details.py" line="46" />
        <source>Accessibility</source>
        <translation>Kebutuhan aksesibilitas</translation>
    </message>
</context>
<context>
    <name>ErrorWords</name>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="52" />
        <source>This device's data file is not an attendee list. Please tell the organiser.</source>
        <translation>Berkas data di perangkat ini bukan daftar peserta. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="55" />
        <source>The attendee list on this device is busy (another program is using it). Try again in a moment.</source>
        <translation>Daftar peserta di perangkat ini sedang dipakai program lain. Coba lagi sebentar lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="58" />
        <source>This device's disk is full, so nothing was saved. Please tell the organiser.</source>
        <translation>Disk perangkat ini penuh, jadi tidak ada yang tersimpan. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="61" />
        <source>The attendee list on this device is damaged. It is being rebuilt: try again in a moment, or tell the organiser.</source>
        <translation>Daftar peserta di perangkat ini rusak dan sedang dipulihkan. Coba lagi sebentar lagi, atau beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="64" />
        <source>This device could not read or write its disk. Please tell the organiser.</source>
        <translation>Perangkat ini gagal membaca atau menulis ke disknya. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="67" />
        <source>This device cannot write to its disk (it is read-only), so nothing was saved. Please tell the organiser.</source>
        <translation>Perangkat ini tidak dapat menulis ke disknya (disknya hanya-baca), jadi tidak ada yang tersimpan. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="70" />
        <source>This clashes with something already saved here, so it was not saved. Try again.</source>
        <translation>Ini bentrok dengan data yang sudah tersimpan di sini, jadi tidak disimpan. Coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="73" />
        <source>The attendee list on this device could not be read or written. Please tell the organiser.</source>
        <translation>Daftar peserta di perangkat ini tidak dapat dibaca atau ditulis. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="77" />
        <source>This device has no event yet: pair it with the central list (Settings) first.</source>
        <translation>Perangkat ini belum punya acara: tautkan dulu ke server pusat (Pengaturan).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="80" />
        <source>A walk-in needs a name.</source>
        <translation>Nama peserta wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="82" />
        <source>The printer could not be started. Check that it is switched on and connected.</source>
        <translation>Printer tidak dapat dijalankan. Pastikan printernya menyala dan tersambung.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="85" />
        <source>A badge was already printed at {time}.</source>
        <translation>Tanda pengenal sudah dicetak pukul {time}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="88" />
        <source>The override was not recorded: it needs a reason of one line, at most {limit} characters.</source>
        <translation>Pengecualian tidak dicatat: alasannya wajib diisi, satu baris, paling banyak {limit} karakter.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="91" />
        <source>The override was not recorded: this person's ticket changed meanwhile, and only the organisers can lift this refusal. Look them up again.</source>
        <translation>Pengecualian tidak dicatat: tiket orang ini baru saja berubah, dan penolakan ini hanya bisa dicabut oleh panitia. Cari lagi orangnya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="94" />
        <source>The override was not recorded: the rules do not allow it here.</source>
        <translation>Pengecualian tidak dicatat: aturan tidak mengizinkannya di sini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="96" />
        <source>This person is no longer on the attendee list (the organisers removed them meanwhile), so nothing was recorded. Look them up again.</source>
        <translation>Orang ini sudah tidak ada di daftar peserta (baru saja dihapus oleh panitia), jadi tidak ada yang dicatat. Cari lagi orangnya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="100" />
        <source>This device is not paired with a central list.</source>
        <translation>Perangkat ini belum tertaut ke server pusat.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="102" />
        <source>This device holds other data, so it was not paired.</source>
        <translation>Perangkat ini menyimpan data lain, jadi tidak ditautkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="104" />
        <source>The server no longer accepts this device: pair it again (Settings).</source>
        <translation>Server tidak lagi menerima perangkat ini: tautkan ulang (Pengaturan).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="107" />
        <source>The venue's Wi-Fi asks for a login first: log in with a web browser on this network.</source>
        <translation>Wi-Fi di tempat ini meminta login terlebih dahulu: login lewat peramban web di jaringan ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="110" />
        <source>The server cannot be reached: check the network (Wi-Fi or cable). Check-ins are kept here and sent later.</source>
        <translation>Server tidak dapat dihubungi: periksa jaringannya (Wi-Fi atau kabel). Data check-in tetap tersimpan di sini dan dikirim nanti.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="113" />
        <source>The server answering is not the one this device was paired with (its certificate is different). Nothing was sent. Pair again if the organiser replaced it.</source>
        <translation>Server yang menjawab bukan server yang ditautkan dengan perangkat ini (sertifikatnya berbeda). Tidak ada data yang dikirim. Tautkan ulang jika panitia memang menggantinya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="117" />
        <source>Something answered at the server's address, but it is not the server this device was paired with. Check the network, or tell the organiser.</source>
        <translation>Ada yang menjawab di alamat server, tetapi itu bukan server yang ditautkan dengan perangkat ini. Periksa jaringannya, atau beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="121" />
        <source>The central list was restored from a backup: this device sends it everything again.</source>
        <translation>Server pusat dipulihkan dari cadangan: perangkat ini mengirim ulang semua datanya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="124" />
        <source>The server sends no live updates: this device asks it for changes every few seconds.</source>
        <translation>Server tidak mengirim pembaruan langsung: perangkat ini menanyakan perubahan setiap beberapa detik.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="127" />
        <source>The server answered something this device does not understand. Please tell the organiser: an update may be needed.</source>
        <translation>Jawaban server tidak dimengerti perangkat ini. Mohon beri tahu panitia: mungkin perlu pembaruan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="130" />
        <source>Syncing failed (the details are in the log).</source>
        <translation>Sinkronisasi gagal (rinciannya ada di log).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="132" />
        <source>A setting of this device is wrong (the details are in the log). Please tell the organiser.</source>
        <translation>Ada pengaturan perangkat ini yang salah (rinciannya ada di log). Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/error_words.py" line="151" />
        <source>An unexpected problem (the details are in the log). Please tell the organiser.</source>
        <translation>Terjadi masalah yang tidak terduga (rinciannya ada di log). Mohon beri tahu panitia.</translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../kiosk/gui/ui/keypad.py" line="38" />
        <source>Erase the last digit</source>
        <extracomment>A finger's target: at least this many pixels each way (WCAG asks for 44).</extracomment>
        <translation>Hapus angka terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/keypad.py" line="39" />
        <location filename="../../kiosk/gui/ui/keypad.py" line="43" />
        <source>OK</source>
        <translation>OK</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="39" />
        <source>Check-in kiosk</source>
        <translation>Kios check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="113" />
        <source>Hold the QR code of your ticket up to the camera</source>
        <translation>Arahkan kode QR tiket Anda ke kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="60" />
        <source>Staff</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="94" />
        <source>No camera: scan with the barcode scanner.</source>
        <translation>Tidak ada kamera: pakai pemindai barcode.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="107" />
        <source>This kiosk is not taking tickets right now: please use the registration desk.</source>
        <translation>Kios ini sedang tidak menerima tiket: silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="110" />
        <source>Leaving? Hold the QR code of your ticket up to the camera</source>
        <translation>Mau keluar? Arahkan kode QR tiket Anda ke kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="153" />
        <source>Code seen — hold still</source>
        <translation>Kode terlihat — tahan, jangan digerakkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="160" />
        <source>The camera is not available. Retrying… Scanning with the barcode scanner still works.</source>
        <translation>Kamera tidak tersedia. Mencoba lagi… Pemindai barcode tetap dapat dipakai.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="163" />
        <source>No camera picture</source>
        <translation>Tidak ada gambar kamera</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <location filename="../../kiosk/gui/ui/keyboard.py" line="69" />
        <source>Erase the last character</source>
        <extracomment>A finger's target, at least this many pixels each way (WCAG asks for 44); twelve keys a row still fit an 800 px wide screen. The keys, row by row (lower case; Shift gives capitals). "shift", "space", "erase" and "hide" are the special keys; space is two keys wide. Shown (True) or hidden (False), by the focus or by its own ⌨ key.</extracomment>
        <translation>Hapus karakter terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/keyboard.py" line="70" />
        <source>Capital letters</source>
        <translation>Huruf kapital</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/keyboard.py" line="71" />
        <source>Space</source>
        <translation>Spasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/keyboard.py" line="72" />
        <source>Hide the keyboard</source>
        <translation>Sembunyikan keyboard</translation>
    </message>
</context>
<context>
    <name>OverrideDialog</name>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="43" />
        <source>Approved by the organisers</source>
        <translation>Sudah disetujui panitia</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="44" />
        <source>Ticket type changed after registration</source>
        <translation>Jenis tiket diganti setelah pendaftaran</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="45" />
        <source>Speaker, sponsor or crew</source>
        <translation>Pembicara, sponsor, atau kru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="46" />
        <source>Went out without scanning out</source>
        <translation>Tadi keluar tanpa scan keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="47" />
        <source>Other (write the reason)</source>
        <translation>Lainnya (tulis alasannya)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="61" />
        <source>Let {name} in again</source>
        <extracomment>Whom the override is for: the desk acts on this id, not on the shown person.</extracomment>
        <translation>Izinkan {name} masuk lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="62" />
        <source>Check in {name} anyway</source>
        <translation>Tetap check-in {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="74" />
        <source>Refused: {why}</source>
        <translation>Ditolak: {why}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="76" />
        <source>Choose a reason…</source>
        <translation>Pilih alasan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="86" />
        <source>Who approved it, what was checked</source>
        <translation>Siapa yang menyetujui, apa yang sudah dicek</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="89" />
        <source>Reason</source>
        <translation>Alasan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="90" />
        <source>Note</source>
        <translation>Keterangan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="92" />
        <source>Check in anyway</source>
        <translation>Tetap check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="92" />
        <source>Let in again</source>
        <translation>Izinkan masuk lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="93" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="117" />
        <source>Choose a reason for the override.</source>
        <translation>Pilih alasan pengecualiannya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="119" />
        <source>Write the reason in the note.</source>
        <translation>Tulis alasannya di kolom keterangan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/override_dialog.py" line="121" />
        <source>The reason is too long: at most {n} characters.</source>
        <translation>Alasannya terlalu panjang: maksimal {n} karakter.</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="90" />
        <source>Staff only</source>
        <translation>Khusus petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="93" />
        <source>Enter the staff PIN</source>
        <translation>Masukkan PIN petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="99" />
        <source>Unlock</source>
        <translation>Buka kunci</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="100" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="133" />
        <source>Wrong PIN. One more wrong PIN locks it for {m} minutes.</source>
        <translation>PIN salah. Sekali lagi salah, PIN dikunci selama {m} menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="135" />
        <source>Wrong PIN. {n} more wrong PINs lock it for {m} minutes.</source>
        <translation>PIN salah. {n} kali lagi salah, PIN dikunci selama {m} menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="165" />
        <source>Too many wrong PINs. Try again in 1 minute.</source>
        <translation>Terlalu banyak PIN salah. Coba lagi dalam 1 menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="166" />
        <source>Too many wrong PINs. Try again in {n} minutes.</source>
        <translation>Terlalu banyak PIN salah. Coba lagi dalam {n} menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="138" />
        <source>Wrong PIN.</source>
        <translation>PIN salah.</translation>
    </message>
</context>
<context>
    <name>PretixChoicePanel</name>
    <message>
        <location filename="../../kiosk/gui/pretix_choice.py" line="70" />
        <source>Choose this kiosk's event and check-in list</source>
        <translation>Pilih acara dan daftar check-in untuk kios ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/pretix_choice.py" line="74" />
        <source>This pretix device may check in at more than one event or check-in list. The kiosk downloads the event chosen here, and the check-in list becomes its gate.</source>
        <translation>Perangkat pretix ini boleh melakukan check-in di lebih dari satu acara atau daftar check-in. Kios akan mengunduh acara yang dipilih di sini, dan daftar check-in tersebut menjadi pintunya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/pretix_choice.py" line="83" />
        <source>Use this event and check-in list</source>
        <translation>Pakai acara dan daftar check-in ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/pretix_choice.py" line="87" />
        <source>Event</source>
        <translation>Acara</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/pretix_choice.py" line="88" />
        <source>Check-in list</source>
        <translation>Daftar check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/pretix_choice.py" line="127" />
        <source>(this event has no check-in list)</source>
        <translation>(acara ini tidak punya daftar check-in)</translation>
    </message>
</context>
<context>
    <name>ReplicaHealth</name>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="69" />
        <source>Staff: this kiosk's clock is wrong: it says {today}, earlier than times it has already recorded. Tickets are checked for the nearest event day they are valid on ({first} to {last}). Set the clock, or connect to the central list to correct it.</source>
        <extracomment>How soon a rebuild that could not finish (offline and no backup) is tried again.</extracomment>
        <translation>Untuk petugas: jam kios ini salah: menunjukkan {today}, lebih awal dari waktu yang sudah tercatat. Tiket diperiksa untuk hari acara terdekat saat tiket itu berlaku ({first} sampai {last}). Atur jamnya, atau sambungkan ke server pusat agar dikoreksi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="75" />
        <source>Staff: this kiosk's clock says {today}, outside the event's days ({first} to {last}). Set the clock, or connect to the central list to correct it.</source>
        <translation>Untuk petugas: jam kios ini menunjukkan {today}, di luar hari acara ({first} sampai {last}). Atur jamnya, atau sambungkan ke server pusat agar dikoreksi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="86" />
        <source>Replica damaged — rebuilding. Scans are not recorded meanwhile: use a kiosk or another desk.</source>
        <translation>Data meja ini rusak — sedang dipulihkan. Sementara ini hasil pindai tidak dicatat: gunakan kios atau meja registrasi lain.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="90" />
        <source>Replica damaged — rebuilding. Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Data kios rusak — sedang dipulihkan. Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="100" />
        <source>Replica damaged — cannot rebuild yet (no network and no backup). Scans are not recorded: use a kiosk or another desk, and bring the network back.</source>
        <translation>Data meja ini rusak — belum bisa dipulihkan (tidak ada jaringan dan tidak ada cadangan). Hasil pindai tidak dicatat: gunakan kios atau meja registrasi lain, dan sambungkan kembali jaringannya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="104" />
        <source>Replica damaged — cannot rebuild yet (no network and no backup). Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Data kios rusak — belum bisa dipulihkan (tidak ada jaringan dan tidak ada cadangan). Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="113" />
        <source>Replica damaged — the rebuild failed, retrying. Scans are not recorded meanwhile: use a kiosk or another desk.</source>
        <translation>Data meja ini rusak — pemulihan gagal, sedang dicoba lagi. Sementara ini hasil pindai tidak dicatat: gunakan kios atau meja registrasi lain.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="117" />
        <source>Replica damaged — the rebuild failed, retrying. Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Data kios rusak — pemulihan gagal, sedang dicoba lagi. Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="127" />
        <source>Replica rebuilt without its attendee list (no backup and no central list): import the attendee list again. No check-in was lost.</source>
        <translation>Data meja ini dipulihkan tanpa daftar peserta (tidak ada cadangan dan tidak ada server pusat): impor lagi daftar pesertanya. Tidak ada check-in yang hilang.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="131" />
        <source>Replica rebuilt without its attendee list (no backup and no central list): tickets cannot be checked here. Please use the registration desk. Staff: import the attendee list again; no check-in was lost.</source>
        <translation>Data kios dipulihkan tanpa daftar peserta (tidak ada cadangan dan tidak ada server pusat): tiket belum bisa diperiksa di sini. Silakan ke meja registrasi. Petugas: impor lagi daftar pesertanya; tidak ada check-in yang hilang.</translation>
    </message>
</context>
<context>
    <name>ScanController</name>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="63" />
        <source>This desk's gate ({gate}) was moved to another event or removed by the organisers, so nothing was recorded. Choose this desk's gate again in the settings.</source>
        <extracomment>Scans kept while a dialog is open; older ones are dropped (nobody waits that long).</extracomment>
        <translation>Pintu meja ini ({gate}) sudah dipindahkan panitia ke acara lain atau dihapus, jadi tidak ada yang tercatat. Pilih lagi pintu meja ini di Pengaturan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="170" />
        <source>The scan could not be recorded: please try again.</source>
        <extracomment>How many USB scans wait for a dialog to close (0: none any more). A scan or check-in could not be decided or recorded (the KioskError): the replica health watcher looks at it (a damaged file is rebuilt). False once the app is shutting down: scans still queued are ignored. False while the replica is being rebuilt (kiosk/gui/replica_health.py). Whether scans must wait (a dialog is open); replaceable in tests. While set (the settings dialog's pairing), asked first about every scan: True when it took the text (a pairing QR read by the USB scanner), which is then no check-in. Who reads the verdicts: None, an attendee (a kiosk); a desk sets it to its device's role (its staff read them: words for what staff can do).</extracomment>
        <translation>Hasil pindai tidak dapat disimpan: silakan coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="172" />
        <source>The scan could not be recorded: please try again, or see the desk.</source>
        <translation>Hasil pindai tidak dapat disimpan: silakan coba lagi, atau ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="199" />
        <source>The check-in could not be recorded: please try again.</source>
        <translation>Check-in tidak dapat disimpan: silakan coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="258" />
        <source>This desk cannot record check-ins: its disk is full or read-only. Use a kiosk or another desk, and free some space.</source>
        <translation>Meja ini tidak bisa mencatat check-in: disknya penuh atau hanya bisa dibaca. Gunakan kios atau meja registrasi lain, lalu kosongkan sebagian ruang disk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="262" />
        <source>This kiosk cannot record check-ins: its disk is full or read-only. Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Kios ini tidak bisa mencatat check-in: disknya penuh atau hanya bisa dibaca. Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="68" />
        <source>This kiosk's gate ({gate}) was moved to another event or removed by the organisers, so nothing was recorded. Please use the registration desk. Staff: choose this kiosk's gate again in the settings.</source>
        <translation>Pintu kios ini ({gate}) sudah dipindahkan panitia ke acara lain atau dihapus, jadi tidak ada yang tercatat. Silakan ke meja registrasi. Petugas: pilih lagi pintu kios ini di Pengaturan.</translation>
    </message>
</context>
<context>
    <name>ScanHistoryPanel</name>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="64" />
        <source>Time</source>
        <extracomment>Rows the history shows.</extracomment>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="64" />
        <source>Person</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="64" />
        <source>Verdict</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="65" />
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="103" />
        <source>camera</source>
        <translation>kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="103" />
        <source>scanner</source>
        <translation>pemindai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="104" />
        <source>desk</source>
        <translation>meja</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="111" />
        <source>Checked out</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="113" />
        <source>Override</source>
        <translation>Pengecualian</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="69" />
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="129" />
        <source>Undo {name}</source>
        <extracomment>The undo column's width for its verb and a first name in either language ("Batalkan Aditya…" is longer than "Undo Aditya…").</extracomment>
        <translation>Batalkan {name}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="147" />
        <source>Kiosk settings</source>
        <translation>Pengaturan kios</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="150" />
        <source>Pairing</source>
        <translation>Penautan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="151" />
        <source>This device</source>
        <translation>Perangkat ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="152" />
        <source>Staff PIN</source>
        <translation>PIN petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="154" />
        <source>Pair anyway</source>
        <translation>Tetap tautkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="202" />
        <source>Event</source>
        <translation>Acara</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="204" />
        <source>Paired as</source>
        <translation>Tertaut sebagai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="205" />
        <source>Device name</source>
        <translation>Nama perangkat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="206" />
        <source>Last sync</source>
        <translation>Sinkronisasi terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="213" />
        <source>Central list address</source>
        <translation>Alamat server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="215" />
        <source>Show the pairing code to the camera</source>
        <translation>Tunjukkan kode penautan ke kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="221" />
        <source>Hold the pairing QR code up to the camera: the one on the Devices page of the organisers' console, or pretix's device QR code.</source>
        <translation>Arahkan kode QR penautan ke kamera: kode dari halaman Perangkat di konsol panitia, atau kode QR perangkat dari pretix.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="226" />
        <source>Stop</source>
        <translation>Berhenti</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="239" />
        <source>Choose the pretix event and check-in list</source>
        <translation>Pilih acara dan daftar check-in pretix</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="248" />
        <source>Pair with another central list, or again</source>
        <translation>Tautkan ke server pusat lain, atau ulangi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="271" />
        <location filename="../../kiosk/gui/settings_dialog.py" line="347" />
        <source>Self-service kiosk</source>
        <translation>Kios mandiri</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="272" />
        <location filename="../../kiosk/gui/settings_dialog.py" line="348" />
        <source>Registration desk</source>
        <translation>Meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="274" />
        <source>Follow the system</source>
        <translation>Ikuti sistem</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="276" />
        <source>Play a sound with each verdict</source>
        <translation>Bunyikan suara setiap ada hasil pindai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="377" />
        <source>The PIN must be {low} to {high} digits.</source>
        <translation>PIN harus {low} sampai {high} angka.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="382" />
        <source>Camera: type the camera's number (0, 1, …), a video file or a camera's address.</source>
        <translation>Kamera: ketik nomor kamera (0, 1, …), file video, atau alamat kamera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="483" />
        <source>pretix did not accept this device QR code: it was already used, or the device was removed. Create a new device in pretix and show its QR code again.</source>
        <translation>pretix menolak kode QR perangkat ini: kode itu sudah dipakai, atau perangkatnya sudah dihapus. Buat perangkat baru di pretix, lalu tunjukkan lagi kode QR-nya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="486" />
        <source>The central list did not accept this pairing code: it is wrong, already used or expired. Ask the organiser for a new one (Devices page of the console).</source>
        <translation>Server pusat menolak kode penautan ini: kodenya salah, sudah dipakai, atau sudah kedaluwarsa. Mintalah kode baru kepada panitia (halaman Perangkat di konsol).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="490" />
        <source>The venue's Wi-Fi asks for a login first. Log in with a web browser on this network, then pair again.</source>
        <translation>Wi-Fi di tempat ini meminta login terlebih dahulu. Login lewat peramban web di jaringan ini, lalu coba tautkan lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="493" />
        <source>Cannot reach {url}. Check the address and the network (Wi-Fi or cable), then try again.</source>
        <translation>Tidak dapat menghubungi {url}. Periksa alamatnya dan jaringannya (Wi-Fi atau kabel), lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="496" />
        <source>The server at {url} is not the central list this pairing code is for (its certificate is different). Nothing was sent. Check the address, or ask the organiser for a new pairing QR code.</source>
        <translation>Server di {url} bukan server pusat yang dimaksud kode penautan ini (sertifikatnya berbeda). Tidak ada data yang dikirim. Periksa alamatnya, atau mintalah kode QR penautan baru kepada panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="501" />
        <source>Something answered at {url}, but it is not a central list of this check-in system. Check the address.</source>
        <translation>Ada yang menjawab di {url}, tetapi itu bukan server pusat sistem check-in ini. Periksa alamatnya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="504" />
        <source>pretix did not say which event and check-in list this device is for. Choose them for the device in pretix, then show its QR code again.</source>
        <translation>pretix tidak menyebutkan acara dan daftar check-in untuk perangkat ini. Pilih keduanya untuk perangkat ini di pretix, lalu tunjukkan lagi kode QR-nya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="508" />
        <source>This device could not store the pairing on its own disk, so it is not paired. Please tell the organiser.</source>
        <translation>Perangkat ini tidak dapat menyimpan penautan di disknya sendiri, jadi belum tertaut. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="510" />
        <source>Pairing failed because of an unexpected problem (the details are in the log). Please tell the organiser.</source>
        <translation>Penautan gagal karena masalah yang tidak terduga (rinciannya ada di log). Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="516" />
        <source>Type the pairing code, or show the pairing QR code to the camera.</source>
        <translation>Ketik kode penautan, atau tunjukkan kode QR penautan ke kamera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="518" />
        <source>This is not a pairing code. A pairing code looks like ABCD-EF23; the organiser makes one on the Devices page of the console.</source>
        <translation>Ini bukan kode penautan. Kode penautan berbentuk seperti ABCD-EF23; panitia membuatnya di halaman Perangkat di konsol.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="521" />
        <source>This QR code is not a pairing code. Show the QR code from the Devices page of the console, or pretix's device QR code.</source>
        <translation>Kode QR ini bukan kode penautan. Tunjukkan kode QR dari halaman Perangkat di konsol, atau kode QR perangkat dari pretix.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="524" />
        <source>Type the central list's address too (for example http://10.0.0.5:8421), or show the pairing QR code to the camera: it holds the address.</source>
        <translation>Ketik juga alamat server pusat (misalnya http://10.0.0.5:8421), atau tunjukkan kode QR penautan ke kamera: alamatnya ada di dalam kode itu.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="527" />
        <source>This is not the address of a central list. It looks like http://10.0.0.5:8421 or https://checkin.example.org#3f2a-9c01-77be-4410.</source>
        <translation>Ini bukan alamat server pusat. Alamatnya berbentuk seperti http://10.0.0.5:8421 atau https://checkin.example.org#3f2a-9c01-77be-4410.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="530" />
        <source>An https address also needs the central list's certificate fingerprint (after #). Show the pairing QR code to the camera: it holds both.</source>
        <translation>Alamat https juga memerlukan sidik jari sertifikat server pusat (setelah tanda #). Tunjukkan kode QR penautan ke kamera: keduanya ada di dalam kode itu.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="533" />
        <source>This pretix QR code is newer than this kiosk understands. Please tell the organiser: the kiosk software needs an update.</source>
        <translation>Kode QR pretix ini lebih baru daripada yang dapat dibaca kios ini. Mohon beri tahu panitia: perangkat lunak kios perlu diperbarui.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="541" />
        <source>This device is paired with another central list ({url}), and its check-ins belong there. Press “Pair anyway” only if that list is no longer used: its check-ins will then go to the new list too.</source>
        <translation>Perangkat ini tertaut ke server pusat lain ({url}), dan data check-in-nya milik server itu. Tekan “Tetap tautkan” hanya jika server itu sudah tidak dipakai: data check-in-nya lalu ikut dikirim ke server yang baru.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="546" />
        <source>This device holds a list of its own ({people} people, {checkins} check-ins). Pairing would add them to the central list. Press “Pair anyway” only if they belong there; otherwise ask the organiser to set this device up afresh.</source>
        <translation>Perangkat ini menyimpan daftarnya sendiri ({people} orang, {checkins} check-in). Jika ditautkan, semuanya akan masuk ke server pusat. Tekan “Tetap tautkan” hanya jika memang seharusnya ada di sana; jika tidak, minta panitia menyiapkan ulang perangkat ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="564" />
        <source>This pretix device may not check in at any event. Give it an event in pretix, then choose again.</source>
        <translation>Perangkat pretix ini belum boleh melakukan check-in di acara mana pun. Berikan acara untuknya di pretix, lalu pilih lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="580" />
        <source>Asking pretix for the events of this device…</source>
        <translation>Menanyakan acara perangkat ini kepada pretix…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="592" />
        <source>Saving the choice…</source>
        <translation>Menyimpan pilihan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="623" />
        <source>pretix no longer offers this event or check-in list to this device. Choose again.</source>
        <translation>pretix tidak lagi menawarkan acara atau daftar check-in ini untuk perangkat ini. Silakan pilih lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="626" />
        <source>pretix refused this device: it was removed or revoked. Create a new device in pretix and show its QR code.</source>
        <translation>pretix menolak perangkat ini: perangkatnya sudah dihapus atau dicabut. Buat perangkat baru di pretix, lalu tunjukkan kode QR-nya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="629" />
        <source>Cannot reach pretix. Check the network (Wi-Fi or cable), then try again.</source>
        <translation>Tidak dapat menghubungi pretix. Periksa jaringannya (Wi-Fi atau kabel), lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="674" />
        <source>The camera is not available. Type the pairing code instead.</source>
        <translation>Kamera tidak tersedia. Silakan ketik kode penautan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="211" />
        <source>Code shown by the central list</source>
        <translation>Kode yang tampil di server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="296" />
        <source>Leave empty to keep the current PIN</source>
        <translation>Kosongkan jika PIN tidak diganti</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="279" />
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="203" />
        <location filename="../../kiosk/gui/settings_dialog.py" line="280" />
        <source>Gate</source>
        <translation>Pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="281" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="282" />
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="201" />
        <source>Central list</source>
        <translation>Server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="214" />
        <source>Pairing code</source>
        <translation>Kode penautan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="299" />
        <source>New staff PIN</source>
        <translation>PIN petugas baru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="300" />
        <source>New PIN again</source>
        <translation>Ulangi PIN baru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="157" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="158" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="288" />
        <source>Camera, mode and language apply after a restart.</source>
        <translation>Perubahan kamera, mode, dan bahasa berlaku setelah aplikasi dimulai ulang.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="323" />
        <source>Not paired (this device works on its own)</source>
        <translation>Belum tertaut (perangkat ini bekerja sendiri)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="325" />
        <source>pretix at {url}</source>
        <translation>pretix di {url}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="330" />
        <source>Not downloaded yet</source>
        <translation>Belum diunduh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="335" />
        <source>Not chosen yet</source>
        <translation>Belum dipilih</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="345" />
        <source>pretix device</source>
        <translation>Perangkat pretix</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="348" />
        <source>Unknown</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="350" />
        <source>the central list will refuse walk-ins from this desk: ask the organiser for a desk pairing code</source>
        <translation>server pusat akan menolak pendaftaran di tempat dari meja ini: mintalah kode penautan untuk meja registrasi kepada panitia</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="361" />
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="365" />
        <source>today at {time}</source>
        <translation>hari ini pukul {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="372" />
        <source>The two PINs differ.</source>
        <translation>Kedua PIN berbeda.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="432" />
        <source>Pairing with pretix…</source>
        <translation>Menautkan ke pretix…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="433" />
        <source>Pairing with the central list…</source>
        <translation>Menautkan ke server pusat…</translation>
    </message>
</context>
<context>
    <name>StaffMenu</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="176" />
        <source>Staff menu</source>
        <translation>Menu petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="179" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="181" />
        <source>Leave full screen</source>
        <translation>Keluar dari layar penuh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="181" />
        <source>Full screen</source>
        <translation>Layar penuh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="182" />
        <source>Quit the kiosk</source>
        <translation>Tutup aplikasi kios</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="183" />
        <source>Back to scanning</source>
        <translation>Kembali ke pemindaian</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="82" />
        <source>● Online</source>
        <extracomment>Check-ins the central list refused (unknown attendee, ...): kept, never resent. Whose zone times are shown in (the event's, not the machine's). Paired over plain HTTP: the token and the list travel unencrypted. ``(rows, total)`` while the first download of a large list is under way. Read by a desk's staff (who are the desk): no "see the desk".</extracomment>
        <translation>● Daring</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="83" />
        <source>○ Offline</source>
        <translation>○ Luring</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="84" />
        <source>⚠ Not paired: pair again</source>
        <translation>⚠ Belum tertaut: tautkan lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="85" />
        <source>⚠ Offline: Wi-Fi needs a login</source>
        <translation>⚠ Luring: Wi-Fi perlu login</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="86" />
        <source>Stand-alone</source>
        <translation>Tanpa server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="92" />
        <source>{n} waiting</source>
        <translation>{n} belum diunggah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="94" />
        <source>⚠ Not encrypted (plain HTTP)</source>
        <translation>⚠ Tidak terenkripsi (HTTP biasa)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="99" />
        <source>This kiosk talks to the central list over plain HTTP: anyone on this network can read its token and the attendee list. Ask the organiser to run the central list with HTTPS and pair the kiosk again.</source>
        <translation>Kios ini terhubung ke server pusat lewat HTTP biasa: siapa pun di jaringan ini bisa membaca tokennya dan daftar peserta. Minta panitia menjalankan server pusat dengan HTTPS, lalu tautkan ulang kios ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="112" />
        <source>Waiting to upload: {n}</source>
        <translation>Menunggu diunggah: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="114" />
        <source>⚠ Refused by the central list: {n} (the organisers see them)</source>
        <translation>⚠ Ditolak server pusat: {n} (terlihat oleh panitia)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="116" />
        <source>⚠ Refused by the central list: {n} (see the desk)</source>
        <translation>⚠ Ditolak server pusat: {n} (silakan ke meja registrasi)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="119" />
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="120" />
        <source>Last sync: {when}</source>
        <translation>Sinkronisasi terakhir: {when}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="123" />
        <source>Downloading the list: {done} of {total}</source>
        <translation>Mengunduh daftar peserta: {done} dari {total}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="125" />
        <source>Checked in: {checked} of {total}</source>
        <translation>Sudah check-in: {checked} dari {total}</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="127" />
        <source>Valid ticket</source>
        <translation>Tiket berlaku</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="129" />
        <source>Welcome!</source>
        <translation>Selamat datang!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="108" />
        <source>Welcome back!</source>
        <translation>Selamat datang kembali!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="181" />
        <location filename="../../kiosk/gui/verdict_text.py" line="229" />
        <source>Already checked in</source>
        <translation>Sudah check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="141" />
        <location filename="../../kiosk/gui/verdict_text.py" line="189" />
        <location filename="../../kiosk/gui/verdict_text.py" line="232" />
        <source>Wrong entrance</source>
        <translation>Salah pintu masuk</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="51" />
        <source>This ticket is not valid today. Valid on: {days}.</source>
        <extracomment>What to hand over (T-shirt size, notes): label/value pairs from the attendee list.</extracomment>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku pada: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="55" />
        <source>This ticket is not valid today. Valid from {start} to {end}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku dari {start} sampai {end}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="59" />
        <source>This ticket is not valid today. Valid from {start}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku mulai {start}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="62" />
        <source>This ticket is not valid today. Valid until {end}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku sampai {end}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="147" />
        <source>{gate} is not open today. It is open on: {days}.</source>
        <translation>{gate} tidak buka hari ini. Buka pada: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="149" />
        <source>Entrance closed today</source>
        <translation>Pintu masuk tutup hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="192" />
        <source>The event is not on today. Event days: {days}.</source>
        <translation>Acara tidak berlangsung hari ini. Hari acara: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="191" />
        <location filename="../../kiosk/gui/verdict_text.py" line="194" />
        <location filename="../../kiosk/gui/verdict_text.py" line="233" />
        <source>Not valid today</source>
        <translation>Tidak berlaku hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="64" />
        <source>This ticket is not valid on any day of this event.</source>
        <translation>Tiket ini tidak berlaku pada hari mana pun selama acara ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="68" />
        <source>Please see the desk</source>
        <translation>Silakan ke meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="76" />
        <source>Let in again if they went out</source>
        <translation>Izinkan masuk lagi bila tadi keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="80" />
        <source>Send them to {where}</source>
        <translation>Arahkan ke {where}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="81" />
        <source>Check in anyway only if approved</source>
        <translation>Tetap check-in hanya jika disetujui</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="83" />
        <source>Search for them by name</source>
        <translation>Cari peserta berdasarkan nama</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="85" />
        <source>No exit to record</source>
        <translation>Tidak bisa dicatat keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="86" />
        <source>Ask the organisers</source>
        <translation>Tanyakan kepada panitia</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="96" />
        <source>Go in</source>
        <translation>Silakan masuk</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="104" />
        <source>Exit recorded</source>
        <translation>Anda tercatat keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="105" />
        <source>Goodbye</source>
        <translation>Sampai jumpa</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="106" />
        <source>See you soon.</source>
        <translation>Sampai bertemu lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="109" />
        <source>Re-entry recorded.</source>
        <translation>Masuk kembali tercatat.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="112" />
        <source>Allowed in again</source>
        <translation>Diizinkan masuk lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="114" />
        <source>Checked in anyway</source>
        <translation>Tetap di-check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="117" />
        <source>Override recorded: {reason}</source>
        <translation>Pengecualian dicatat: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="121" />
        <source>Checked in here at {time}.</source>
        <translation>Sudah check-in di sini pukul {time}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="123" />
        <source>You are checked in</source>
        <translation>Anda sudah check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="128" />
        <source>Valid ticket issued after the last sync.</source>
        <translation>Tiket berlaku (diterbitkan setelah sinkronisasi terakhir).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="138" />
        <source>Go to {where}</source>
        <translation>Silakan menuju {where}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="142" />
        <source>This ticket is not valid at {gate}.</source>
        <translation>Tiket ini tidak berlaku di {gate}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="145" />
        <source>{gate} is not open today.</source>
        <translation>{gate} tidak buka hari ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="175" />
        <source>Checked in at {gate}, {time}, by {device}.</source>
        <translation>Sudah check-in di {gate} pukul {time}, lewat {device}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="180" />
        <source>This ticket was already used today.</source>
        <translation>Tiket ini sudah dipakai hari ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="184" />
        <source>No entry is recorded for this ticket here today, so there is no exit to record.</source>
        <translation>Tiket ini belum tercatat masuk di sini hari ini, jadi tidak bisa dicatat keluar.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="186" />
        <location filename="../../kiosk/gui/verdict_text.py" line="231" />
        <source>Not checked in</source>
        <translation>Belum check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="190" />
        <source>This ticket is for another event.</source>
        <translation>Tiket ini untuk acara lain.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="195" />
        <source>Ticket revoked</source>
        <translation>Tiket dicabut</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="196" />
        <source>Registration cancelled</source>
        <translation>Pendaftaran dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="197" />
        <location filename="../../kiosk/gui/verdict_text.py" line="235" />
        <source>Not paid</source>
        <translation>Belum dibayar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="198" />
        <source>The order for this ticket has not been paid.</source>
        <translation>Pesanan untuk tiket ini belum dibayar.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="200" />
        <source>This code is not on the attendee list.</source>
        <translation>Kode ini tidak ada di daftar peserta.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="202" />
        <source>This ticket could not be verified.</source>
        <translation>Tiket ini tidak dapat diverifikasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="216" />
        <source>Scan the ticket's QR code</source>
        <translation>Pindai kode QR tiketnya</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="217" />
        <source>It is in the ticket e-mail or on the printout.</source>
        <translation>Ada di e-mail tiket atau cetakannya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="220" />
        <source>Show your ticket's QR code</source>
        <translation>Tunjukkan kode QR tiket Anda</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="221" />
        <source>From your ticket e-mail or printout.</source>
        <translation>Dari e-mail tiket atau cetakan tiket Anda.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="199" />
        <location filename="../../kiosk/gui/verdict_text.py" line="236" />
        <source>Ticket not found</source>
        <translation>Tiket tidak ditemukan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="201" />
        <location filename="../../kiosk/gui/verdict_text.py" line="237" />
        <source>Invalid ticket</source>
        <translation>Tiket tidak sah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="215" />
        <location filename="../../kiosk/gui/verdict_text.py" line="219" />
        <location filename="../../kiosk/gui/verdict_text.py" line="238" />
        <source>That is not a ticket</source>
        <translation>Ini bukan tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="227" />
        <source>Accepted</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="228" />
        <source>Re-entry</source>
        <translation>Masuk kembali</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="230" />
        <source>Shown again</source>
        <translation>Dipindai lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="234" />
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
</context>
<context>
    <name>VerdictSettings</name>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="44" />
        <source>Entry</source>
        <translation>Masuk</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="45" />
        <source>Exit</source>
        <translation>Keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="46" />
        <source>Entry and exit</source>
        <translation>Masuk dan keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="50" />
        <source>Entry and exit: someone inside is let out where the gate allows re-entry; anyone else is let in.</source>
        <translation>Masuk dan keluar: orang yang sudah di dalam dicatat keluar jika pintu ini mengizinkan masuk kembali; selain itu dicatat masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="57" />
        <source>A ticket shown again this soon after this kiosk let it in is told to go in, not to see the desk (0: never).</source>
        <translation>Tiket yang dipindai lagi dalam waktu ini setelah masuk lewat kios ini diminta langsung masuk, bukan ke meja registrasi (0: tidak pernah).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="67" />
        <source>Kiosk records</source>
        <translation>Kios mencatat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="68" />
        <source>grace</source>
        <translation>toleransi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="69" />
        <source>Verdict shown</source>
        <translation>Hasil tampil selama</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_settings.py" line="70" />
        <source>problems</source>
        <translation>masalah</translation>
    </message>
</context>
<context>
    <name>WalkinDialog</name>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="48" />
        <source>{field}: a word of more than {n} letters is not a name. Was a ticket scanned into the form?</source>
        <extracomment>Longest word of a real name (the longest recorded surnames have ~35 letters).</extracomment>
        <translation>{field}: kata lebih dari {n} huruf bukan nama. Apakah tiket terpindai ke formulir?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="88" />
        <source>Register a walk-in</source>
        <extracomment>Characters per line of a ticket code in the dialog (a signed code is ~150). Staff asked to register a new person (``values()``): the desk registers them. Set when staff said the walk-in is someone already on the list. The walk-in once registered (:meth:`show_registered`).</extracomment>
        <translation>Pendaftaran di tempat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="99" />
        <source>Check in now</source>
        <translation>Check-in sekarang</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="103" />
        <location filename="../../kiosk/gui/walkin_dialog.py" line="170" />
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="104" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="105" />
        <location filename="../../kiosk/gui/walkin_dialog.py" line="171" />
        <source>Organisation</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="106" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="107" />
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="110" />
        <source>Register</source>
        <translation>Daftarkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="111" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="112" />
        <source>Already on the list — is this the same person?</source>
        <translation>Sudah ada di daftar — apakah ini orang yang sama?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="119" />
        <source>This is the same person: use their ticket</source>
        <translation>Orang yang sama: pakai tiketnya</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="169" />
        <source>A walk-in needs a name.</source>
        <translation>Nama peserta wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="197" />
        <source>Walk-in registered</source>
        <translation>Pendaftaran di tempat berhasil</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="204" />
        <source>{name} is registered and checked in.</source>
        <translation>{name} sudah terdaftar dan sudah check-in.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="205" />
        <source>{name} is registered.</source>
        <translation>{name} sudah terdaftar.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="213" />
        <source>This is their ticket: let them photograph the QR code, or print their badge.</source>
        <translation>Ini tiketnya: minta peserta memotret kode QR ini, atau cetak tanda pengenalnya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="220" />
        <source>The central list is issuing their ticket code: it appears here as soon as this desk has synced (offline: when it is back online).</source>
        <translation>Server pusat sedang menerbitkan kode tiketnya. Kode akan muncul di sini begitu meja ini selesai sinkronisasi (jika sedang offline: setelah tersambung lagi).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="223" />
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="246" />
        <source>Register as a new person</source>
        <translation>Daftarkan sebagai orang baru</translation>
    </message>
</context>
<context>
    <name>QLineEdit</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Tempel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
</context>
<context>
    <name>QWidgetTextControl</name>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Urungkan</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Ulangi</translation>
    </message>
    <message>
        <source>Cu&amp;t</source>
        <translation>Po&amp;tong</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Salin</translation>
    </message>
    <message>
        <source>&amp;Paste</source>
        <translation>&amp;Tempel</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>Pilih semua</translation>
    </message>
    <message>
        <source>Copy &amp;Link Location</source>
        <translation>Salin &amp;alamat tautan</translation>
    </message>
</context>
<context>
    <name>QAbstractSpinBox</name>
    <message>
        <source>&amp;Select All</source>
        <translation>&amp;Pilih semua</translation>
    </message>
    <message>
        <source>&amp;Step up</source>
        <translation>&amp;Naikkan</translation>
    </message>
    <message>
        <source>Step &amp;down</source>
        <translation>&amp;Turunkan</translation>
    </message>
</context>
<context>
    <name>QPlatformTheme</name>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <source>Save All</source>
        <translation>Simpan semua</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Buka</translation>
    </message>
    <message>
        <source>&amp;Yes</source>
        <translation>&amp;Ya</translation>
    </message>
    <message>
        <source>Yes to &amp;All</source>
        <translation>Ya untuk &amp;semua</translation>
    </message>
    <message>
        <source>&amp;No</source>
        <translation>&amp;Tidak</translation>
    </message>
    <message>
        <source>N&amp;o to All</source>
        <translation>T&amp;idak untuk semua</translation>
    </message>
    <message>
        <source>Abort</source>
        <translation>Batalkan</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Abaikan</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Tutup</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>Buang</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>Terapkan</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Atur ulang</translation>
    </message>
    <message>
        <source>Restore Defaults</source>
        <translation>Kembalikan ke bawaan</translation>
    </message>
    <message>
        <source>Don't Save</source>
        <translation>Jangan simpan</translation>
    </message>
    <message>
        <source>Close without Saving</source>
        <translation>Tutup tanpa menyimpan</translation>
    </message>
</context>
<context>
    <name>QMessageBox</name>
    <message>
        <source>Show Details...</source>
        <translation>Tampilkan rincian...</translation>
    </message>
    <message>
        <source>Hide Details...</source>
        <translation>Sembunyikan rincian...</translation>
    </message>
</context>
</TS>