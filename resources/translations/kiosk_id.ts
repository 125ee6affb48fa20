<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>AppContext</name>
    <message>
        <location filename="../../kiosk/gui/context.py" line="127" />
        <source>This kiosk is not set up yet. Staff: open the staff menu (⚙) and pair it with the central list in the settings.</source>
        <extracomment>The device configuration (kiosk/core/config.py): the same values, under the same keys, that pairing writes and `kiosk checkin` and sync read. Scan latencies (frame into the worker -&gt; verdict painted), seconds.</extracomment>
        <translation>Kios ini belum disiapkan. Petugas: buka menu petugas (⚙), lalu tautkan kios ini ke server pusat di pengaturan.</translation>
    </message>
</context>
<context>
    <name>Badges</name>
    <message>
        <location filename="../../kiosk/gui/badges.py" line="150" />
        <source>The printer could not be started.</source>
        <translation>Printer tidak dapat dijalankan.</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../kiosk/gui/ui/banner.py" line="28" />
        <source>Scan received: it is decided when the open window is closed ({n} waiting).</source>
        <translation>Pindaian diterima: diproses setelah jendela yang terbuka ditutup ({n} menunggu).</translation>
    </message>
</context>
<context>
    <name>DayFiguresPanel</name>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="120" />
        <source>Gate</source>
        <translation>Pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="120" />
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="121" />
        <source>Checked in today</source>
        <translation>Check-in hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="121" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="122" />
        <source>From</source>
        <translation>Mulai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="122" />
        <source>Arrivals</source>
        <translation>Kedatangan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="128" />
        <source>Per gate</source>
        <translation>Per pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="129" />
        <source>Per ticket type</source>
        <translation>Per jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="130" />
        <source>Arrivals per 15 minutes</source>
        <translation>Kedatangan per 15 menit</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="136" />
        <source>Inside now: {n}</source>
        <translation>Di dalam sekarang: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="142" />
        <source>(none)</source>
        <translation>(tanpa jenis)</translation>
    </message>
</context>
<context>
    <name>DeskWindow</name>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="70" />
        <source>Registration desk</source>
        <extracomment>Search results shown at most; more means "type more". The last check-in made here, for undo: (checkin id, attendee name). Asked before a second badge for the same person; returns True to reprint. Where badges go: None asks with the print dialog (any printer, or PDF).</extracomment>
        <translation>Meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="73" />
        <source>Search name, e-mail, organisation or code</source>
        <translation>Cari nama, e-mail, instansi, atau kode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="81" />
        <source>Register a walk-in…</source>
        <translation>Pendaftaran di tempat…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="82" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="109" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="110" />
        <source>Organisation</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="111" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="112" />
        <source>Code</source>
        <translation>Kode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="113" />
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="114" />
        <source>Hand over</source>
        <translation>Untuk diserahkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="115" />
        <location filename="../../kiosk/gui/desk_window.py" line="185" />
        <source>Today</source>
        <translation>Hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="116" />
        <source>Badge</source>
        <translation>Tanda pengenal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="117" />
        <location filename="../../kiosk/gui/desk_window.py" line="347" />
        <source>Check in</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="118" />
        <location filename="../../kiosk/gui/desk_window.py" line="348" />
        <source>Check out</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="119" />
        <location filename="../../kiosk/gui/desk_window.py" line="442" />
        <source>Undo last check-in</source>
        <translation>Batalkan check-in terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="120" />
        <source>Print badge…</source>
        <translation>Cetak tanda pengenal…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="136" />
        <source>Attendee</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="216" />
        <source>No camera</source>
        <translation>Tidak ada kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="239" />
        <source>The camera is not available. Retrying…</source>
        <translation>Kamera tidak tersedia. Mencoba lagi…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="240" />
        <source>No camera picture</source>
        <translation>Tidak ada gambar kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="269" />
        <source>Nobody found for “{text}”.</source>
        <translation>Tidak ada yang cocok dengan “{text}”.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="273" />
        <source>More than {n} found: type more to narrow the search.</source>
        <translation>Lebih dari {n} hasil: ketik lebih lengkap untuk mempersempit pencarian.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="277" />
        <source>Found: {n}</source>
        <translation>Ditemukan: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="289" />
        <source>cancelled</source>
        <translation>dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="291" />
        <source>not checked in</source>
        <translation>belum check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="293" />
        <source>✓ in since {time}</source>
        <translation>✓ masuk sejak {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="296" />
        <source>went out at {time}</source>
        <translation>keluar pukul {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="342" />
        <source>Search or scan to find an attendee</source>
        <translation>Cari atau pindai untuk menemukan peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="349" />
        <source>Print badge</source>
        <translation>Cetak tanda pengenal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="352" />
        <source>Check in {name}</source>
        <translation>Check-in {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="353" />
        <source>Check out {name}</source>
        <translation>Check-out {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="364" />
        <source>Issued by the central list at the next sync</source>
        <translation>Diterbitkan oleh server pusat saat sinkronisasi berikutnya</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="365" />
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="366" />
        <source>Valid</source>
        <translation>Berlaku</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="376" />
        <source>in</source>
        <translation>masuk</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="376" />
        <source>out</source>
        <translation>keluar</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="382" />
        <source>Not checked in yet</source>
        <translation>Belum check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="385" />
        <source>Printed {n}×, last at {time}</source>
        <translation>Dicetak {n}×, terakhir pukul {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="388" />
        <source>Reprint badge for {name}</source>
        <translation>Cetak ulang tanda pengenal {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="408" />
        <source>Ticket code</source>
        <translation>Kode tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="538" />
        <source>The badge printer “{name}” is not available: choose another one.</source>
        <translation>Printer tanda pengenal “{name}” tidak tersedia. Pilih printer lain.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="557" />
        <source>A badge for {name} was already printed at {time}. Print another one?</source>
        <translation>Tanda pengenal {name} sudah dicetak pukul {time}. Cetak lagi?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="607" />
        <source>Check-out of {name} undone.</source>
        <translation>Check-out {name} dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="390" />
        <source>Not printed yet</source>
        <translation>Belum dicetak</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="179" />
        <source>Scan history</source>
        <translation>Riwayat pindaian</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="391" />
        <source>Print badge for {name}</source>
        <translation>Cetak tanda pengenal {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="441" />
        <source>Undo check-in of {name}</source>
        <translation>Batalkan check-in {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="450" />
        <source>{name} is not checked in: nothing to check out.</source>
        <translation>{name} belum check-in, jadi tidak bisa check-out.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="463" />
        <location filename="../../kiosk/gui/desk_window.py" line="604" />
        <source>Cannot undo: {reason}</source>
        <translation>Tidak dapat dibatalkan: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="467" />
        <location filename="../../kiosk/gui/desk_window.py" line="609" />
        <source>Check-in of {name} undone.</source>
        <translation>Check-in {name} dibatalkan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="494" />
        <source>The walk-in could not be registered: {reason}</source>
        <translation>Pendaftaran di tempat gagal: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="541" />
        <source>Print the badge of {name}</source>
        <translation>Cetak tanda pengenal {name}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="520" />
        <source>The badge could not be printed: {reason}</source>
        <translation>Tanda pengenal tidak dapat dicetak: {reason}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="555" />
        <source>Reprint badge?</source>
        <translation>Cetak ulang tanda pengenal?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="562" />
        <source>Print again</source>
        <translation>Cetak lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/desk_window.py" line="563" />
        <source>Do not print</source>
        <translation>Jangan cetak</translation>
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
        <location filename="../../kiosk/gui/kiosk_window.py" line="38" />
        <source>Check-in kiosk</source>
        <translation>Kios check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="48" />
        <source>Hold the QR code of your ticket up to the camera</source>
        <translation>Arahkan kode QR tiket Anda ke kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="59" />
        <source>Staff</source>
        <translation>Petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="90" />
        <source>No camera: scan with the barcode scanner.</source>
        <translation>Tidak ada kamera: pindai dengan pemindai barcode.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="129" />
        <source>The camera is not available. Retrying… Scanning with the barcode scanner still works.</source>
        <translation>Kamera tidak tersedia. Mencoba lagi… Pemindai barcode tetap dapat dipakai.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/kiosk_window.py" line="132" />
        <source>No camera picture</source>
        <translation>Tidak ada gambar kamera</translation>
    </message>
</context>
<context>
    <name>PinDialog</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="83" />
        <source>Staff only</source>
        <translation>Khusus petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="86" />
        <source>Enter the staff PIN</source>
        <translation>Masukkan PIN petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="92" />
        <source>Unlock</source>
        <translation>Buka</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="93" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="126" />
        <source>Wrong PIN. One more wrong PIN locks it for {m} minutes.</source>
        <translation>PIN salah. Sekali lagi salah, PIN dikunci selama {m} menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="128" />
        <source>Wrong PIN. {n} more wrong PINs lock it for {m} minutes.</source>
        <translation>PIN salah. {n} kali lagi salah, PIN dikunci selama {m} menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="158" />
        <source>Too many wrong PINs. Try again in 1 minute.</source>
        <translation>Terlalu banyak PIN salah. Coba lagi dalam 1 menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="159" />
        <source>Too many wrong PINs. Try again in {n} minutes.</source>
        <translation>Terlalu banyak PIN salah. Coba lagi dalam {n} menit.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="131" />
        <source>Wrong PIN.</source>
        <translation>PIN salah.</translation>
    </message>
</context>
<context>
    <name>ReplicaHealth</name>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="68" />
        <source>Staff: this kiosk's clock is wrong: it says {today}, earlier than times it has already recorded. Tickets are checked for the nearest event day they are valid on ({first} to {last}). Set the clock, or connect to the central list to correct it.</source>
        <extracomment>How soon a rebuild that could not finish (offline and no backup) is tried again.</extracomment>
        <translation>Untuk petugas: jam kios ini salah: menunjukkan {today}, lebih awal dari waktu yang sudah tercatat. Tiket diperiksa untuk hari acara terdekat saat tiket itu berlaku ({first} sampai {last}). Atur jamnya, atau sambungkan ke daftar pusat agar dikoreksi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="74" />
        <source>Staff: this kiosk's clock says {today}, outside the event's days ({first} to {last}). Set the clock, or connect to the central list to correct it.</source>
        <translation>Untuk petugas: jam kios ini menunjukkan {today}, di luar hari acara ({first} sampai {last}). Atur jamnya, atau sambungkan ke daftar pusat agar dikoreksi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="83" />
        <source>Replica damaged — rebuilding. Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Data kios rusak — sedang dibangun ulang. Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="198" />
        <source>Replica damaged — cannot rebuild yet (no network and no backup). Please use the registration desk or a neighbouring kiosk.</source>
        <extracomment>Words for the staff/attendee banner ("" clears it). Emitted on the GUI thread after a rebuilt file is in place: reopen it.</extracomment>
        <translation>Data kios rusak — belum bisa dibangun ulang (tidak ada jaringan dan tidak ada cadangan). Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/replica_health.py" line="210" />
        <source>Replica damaged — the rebuild failed, retrying. Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Data kios rusak — pembangunan ulang gagal, sedang dicoba lagi. Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
</context>
<context>
    <name>ScanController</name>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="128" />
        <source>The scan could not be recorded: please try again, or see the desk.</source>
        <extracomment>Scans kept while a dialog is open; older ones are dropped (nobody waits that long). How many USB scans wait for a dialog to close (0: none any more). A scan or check-in could not be decided or recorded (the KioskError): the replica health watcher looks at it (a damaged file is rebuilt). False once the app is shutting down: scans still queued are ignored. False while the replica is being rebuilt (kiosk/gui/replica_health.py). Whether scans must wait (a dialog is open); replaceable in tests.</extracomment>
        <translation>Pindaian tidak dapat disimpan: silakan coba lagi, atau ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="155" />
        <source>The check-in could not be recorded: please try again.</source>
        <translation>Check-in tidak dapat disimpan: silakan coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/controller.py" line="198" />
        <source>This kiosk cannot record check-ins: its disk is full or read-only. Please use the registration desk or a neighbouring kiosk.</source>
        <translation>Kios ini tidak bisa mencatat check-in: disknya penuh atau hanya bisa dibaca. Silakan ke meja registrasi atau kios sebelah.</translation>
    </message>
</context>
<context>
    <name>ScanHistoryPanel</name>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="63" />
        <source>Time</source>
        <extracomment>Rows the history shows.</extracomment>
        <translation>Waktu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="63" />
        <source>Person</source>
        <translation>Peserta</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="63" />
        <source>Verdict</source>
        <translation>Hasil</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="64" />
        <source>Source</source>
        <translation>Sumber</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="76" />
        <source>camera</source>
        <translation>kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="76" />
        <source>scanner</source>
        <translation>pemindai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="77" />
        <source>desk</source>
        <translation>meja</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="84" />
        <source>Checked out</source>
        <translation>Check-out</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/desk_panels.py" line="100" />
        <source>Undo {name}</source>
        <translation>Batalkan {name}</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="142" />
        <source>Kiosk settings</source>
        <extracomment>The replica's ``meta`` keys the pairing view reads (written by pairing and sync).</extracomment>
        <translation>Pengaturan kios</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="145" />
        <source>Pairing</source>
        <translation>Penautan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="146" />
        <source>This device</source>
        <translation>Perangkat ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="147" />
        <source>Staff PIN</source>
        <translation>PIN petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="149" />
        <source>Pair anyway</source>
        <translation>Tetap tautkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="183" />
        <source>Event</source>
        <translation>Acara</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="185" />
        <source>Paired as</source>
        <translation>Tertaut sebagai</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="186" />
        <source>Device name</source>
        <translation>Nama perangkat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="187" />
        <source>Last sync</source>
        <translation>Sinkronisasi terakhir</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="194" />
        <source>Central list address</source>
        <translation>Alamat server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="196" />
        <source>Show the pairing code to the camera</source>
        <translation>Tunjukkan kode penautan ke kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="202" />
        <source>Hold the pairing QR code up to the camera: the one on the Devices page of the organisers' console, or pretix's device QR code.</source>
        <translation>Arahkan kode QR penautan ke kamera: kode dari halaman Perangkat di konsol panitia, atau kode QR perangkat dari pretix.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="207" />
        <source>Stop</source>
        <translation>Berhenti</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="221" />
        <source>Pair with another central list, or again</source>
        <translation>Tautkan ke server pusat lain, atau ulangi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="242" />
        <location filename="../../kiosk/gui/settings_dialog.py" line="311" />
        <source>Self-service kiosk</source>
        <translation>Kios mandiri</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="243" />
        <location filename="../../kiosk/gui/settings_dialog.py" line="312" />
        <source>Registration desk</source>
        <translation>Meja registrasi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="245" />
        <source>Follow the system</source>
        <translation>Ikuti sistem</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="247" />
        <source>Play a sound with each verdict</source>
        <translation>Bunyikan suara untuk setiap hasil pindaian</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="314" />
        <source>the central list will refuse walk-ins from this desk: ask the organiser for a desk pairing code</source>
        <translation>server pusat akan menolak pendaftaran di tempat dari meja ini: mintalah kode penautan untuk meja registrasi kepada panitia</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="426" />
        <source>pretix did not accept this device QR code: it was already used, or the device was removed. Create a new device in pretix and show its QR code again.</source>
        <translation>pretix menolak kode QR perangkat ini: kode itu sudah dipakai, atau perangkatnya sudah dihapus. Buat perangkat baru di pretix, lalu tunjukkan lagi kode QR-nya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="429" />
        <source>The central list did not accept this pairing code: it is wrong, already used or expired. Ask the organiser for a new one (Devices page of the console).</source>
        <translation>Server pusat menolak kode penautan ini: kodenya salah, sudah dipakai, atau sudah kedaluwarsa. Mintalah kode baru kepada panitia (halaman Perangkat di konsol).</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="433" />
        <source>The venue's Wi-Fi asks for a login first. Log in with a web browser on this network, then pair again.</source>
        <translation>Wi-Fi di tempat ini meminta login terlebih dahulu. Login lewat peramban web di jaringan ini, lalu coba tautkan lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="436" />
        <source>Cannot reach {url}. Check the address and the network (Wi-Fi or cable), then try again.</source>
        <translation>Tidak dapat menghubungi {url}. Periksa alamatnya dan jaringannya (Wi-Fi atau kabel), lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="439" />
        <source>The server at {url} is not the central list this pairing code is for (its certificate is different). Nothing was sent. Check the address, or ask the organiser for a new pairing QR code.</source>
        <translation>Server di {url} bukan server pusat yang dimaksud kode penautan ini (sertifikatnya berbeda). Tidak ada data yang dikirim. Periksa alamatnya, atau mintalah kode QR penautan baru kepada panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="444" />
        <source>Something answered at {url}, but it is not a central list of this check-in system. Check the address.</source>
        <translation>Ada yang menjawab di {url}, tetapi itu bukan server pusat sistem check-in ini. Periksa alamatnya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="447" />
        <source>pretix did not say which event and check-in list this device is for. Choose them for the device in pretix, then show its QR code again.</source>
        <translation>pretix tidak menyebutkan acara dan daftar check-in untuk perangkat ini. Pilih keduanya untuk perangkat ini di pretix, lalu tunjukkan lagi kode QR-nya.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="451" />
        <source>This device could not store the pairing on its own disk, so it is not paired. Please tell the organiser.</source>
        <translation>Perangkat ini tidak dapat menyimpan penautan di disknya sendiri, jadi belum tertaut. Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="453" />
        <source>Pairing failed because of an unexpected problem (the details are in the log). Please tell the organiser.</source>
        <translation>Penautan gagal karena masalah yang tidak terduga (rinciannya ada di log). Mohon beri tahu panitia.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="459" />
        <source>Type the pairing code, or show the pairing QR code to the camera.</source>
        <translation>Ketik kode penautan, atau tunjukkan kode QR penautan ke kamera.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="461" />
        <source>This is not a pairing code. A pairing code looks like ABCD-EF23; the organiser makes one on the Devices page of the console.</source>
        <translation>Ini bukan kode penautan. Kode penautan berbentuk seperti ABCD-EF23; panitia membuatnya di halaman Perangkat di konsol.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="464" />
        <source>This QR code is not a pairing code. Show the QR code from the Devices page of the console, or pretix's device QR code.</source>
        <translation>Kode QR ini bukan kode penautan. Tunjukkan kode QR dari halaman Perangkat di konsol, atau kode QR perangkat dari pretix.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="467" />
        <source>Type the central list's address too (for example http://10.0.0.5:8421), or show the pairing QR code to the camera: it holds the address.</source>
        <translation>Ketik juga alamat server pusat (misalnya http://10.0.0.5:8421), atau tunjukkan kode QR penautan ke kamera: alamatnya ada di dalam kode itu.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="470" />
        <source>This is not the address of a central list. It looks like http://10.0.0.5:8421 or https://checkin.example.org#3f2a-9c01-77be-4410.</source>
        <translation>Ini bukan alamat server pusat. Alamatnya berbentuk seperti http://10.0.0.5:8421 atau https://checkin.example.org#3f2a-9c01-77be-4410.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="473" />
        <source>An https address also needs the central list's certificate fingerprint (after #). Show the pairing QR code to the camera: it holds both.</source>
        <translation>Alamat https juga memerlukan sidik jari sertifikat server pusat (setelah tanda #). Tunjukkan kode QR penautan ke kamera: keduanya ada di dalam kode itu.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="476" />
        <source>This pretix QR code is newer than this kiosk understands. Please tell the organiser: the kiosk software needs an update.</source>
        <translation>Kode QR pretix ini lebih baru daripada yang dapat dibaca kios ini. Mohon beri tahu panitia: perangkat lunak kios perlu diperbarui.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="484" />
        <source>This device is paired with another central list ({url}), and its check-ins belong there. Press “Pair anyway” only if that list is no longer used: its check-ins will then go to the new list too.</source>
        <translation>Perangkat ini tertaut ke server pusat lain ({url}), dan data check-in-nya milik server itu. Tekan “Tetap tautkan” hanya jika server itu sudah tidak dipakai: data check-in-nya lalu ikut dikirim ke server yang baru.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="489" />
        <source>This device holds a list of its own ({people} people, {checkins} check-ins). Pairing would add them to the central list. Press “Pair anyway” only if they belong there; otherwise ask the organiser to set this device up afresh.</source>
        <translation>Perangkat ini menyimpan daftarnya sendiri ({people} orang, {checkins} check-in). Jika ditautkan, semuanya akan masuk ke server pusat. Tekan “Tetap tautkan” hanya jika memang seharusnya ada di sana; jika tidak, minta panitia menyiapkan ulang perangkat ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="533" />
        <source>The camera is not available. Type the pairing code instead.</source>
        <translation>Kamera tidak tersedia. Silakan ketik kode penautan.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="192" />
        <source>Code shown by the central list</source>
        <translation>Kode yang tampil di server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="263" />
        <source>Leave empty to keep the current PIN</source>
        <translation>Kosongkan untuk tetap memakai PIN sekarang</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="250" />
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="184" />
        <location filename="../../kiosk/gui/settings_dialog.py" line="251" />
        <source>Gate</source>
        <translation>Pintu</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="252" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="253" />
        <source>Language</source>
        <translation>Bahasa</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="182" />
        <source>Central list</source>
        <translation>Server pusat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="195" />
        <source>Pairing code</source>
        <translation>Kode penautan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="266" />
        <source>New staff PIN</source>
        <translation>PIN petugas baru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="267" />
        <source>New PIN again</source>
        <translation>Ulangi PIN baru</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="152" />
        <source>Save</source>
        <translation>Simpan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="153" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="255" />
        <source>Camera, mode and language apply after a restart.</source>
        <translation>Kamera, mode, dan bahasa berlaku setelah dimulai ulang.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="288" />
        <source>Not paired (this device works on its own)</source>
        <translation>Belum tertaut (perangkat ini bekerja sendiri)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="290" />
        <source>pretix at {url}</source>
        <translation>pretix di {url}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="295" />
        <source>Not downloaded yet</source>
        <translation>Belum diunduh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="300" />
        <source>Not chosen yet</source>
        <translation>Belum dipilih</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="309" />
        <source>pretix device</source>
        <translation>Perangkat pretix</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="312" />
        <source>Unknown</source>
        <translation>Tidak diketahui</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="325" />
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="329" />
        <source>today at {time}</source>
        <translation>hari ini pukul {time}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="336" />
        <source>The two PINs differ.</source>
        <translation>Kedua PIN berbeda.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="384" />
        <source>Pairing with pretix…</source>
        <translation>Menautkan ke pretix…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/settings_dialog.py" line="385" />
        <source>Pairing with the central list…</source>
        <translation>Menautkan ke server pusat…</translation>
    </message>
</context>
<context>
    <name>StaffMenu</name>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="169" />
        <source>Staff menu</source>
        <translation>Menu petugas</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="172" />
        <source>Settings…</source>
        <translation>Pengaturan…</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="174" />
        <source>Leave full screen</source>
        <translation>Keluar dari layar penuh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="174" />
        <source>Full screen</source>
        <translation>Layar penuh</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="175" />
        <source>Quit the kiosk</source>
        <translation>Tutup kios</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/dialogs.py" line="176" />
        <source>Back to scanning</source>
        <translation>Kembali memindai</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="76" />
        <source>● Online</source>
        <extracomment>Check-ins the central list refused (unknown attendee, ...): kept, never resent. Whose zone times are shown in (the event's, not the machine's). Paired over plain HTTP: the token and the list travel unencrypted. ``(rows, total)`` while the first download of a large list is under way.</extracomment>
        <translation>● Daring</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="77" />
        <source>○ Offline</source>
        <translation>○ Luring</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="78" />
        <source>⚠ Not paired: pair again</source>
        <translation>⚠ Belum tertaut: tautkan lagi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="79" />
        <source>⚠ Offline: Wi-Fi needs a login</source>
        <translation>⚠ Luring: Wi-Fi perlu login</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="80" />
        <source>Stand-alone</source>
        <translation>Berdiri sendiri (tanpa server pusat)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="86" />
        <source>{n} waiting</source>
        <translation>{n} menunggu unggah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="88" />
        <source>⚠ Not encrypted (plain HTTP)</source>
        <translation>⚠ Tidak terenkripsi (HTTP biasa)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="93" />
        <source>This kiosk talks to the central list over plain HTTP: anyone on this network can read its token and the attendee list. Ask the organiser to run the central list with HTTPS and pair the kiosk again.</source>
        <translation>Kios ini terhubung ke daftar pusat lewat HTTP biasa: siapa pun di jaringan ini bisa membaca tokennya dan daftar peserta. Minta panitia menjalankan daftar pusat dengan HTTPS, lalu pasangkan ulang kios ini.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="105" />
        <source>Waiting to upload: {n}</source>
        <translation>Menunggu diunggah: {n}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="107" />
        <source>⚠ Refused by the central list: {n} (see the desk)</source>
        <translation>⚠ Ditolak server pusat: {n} (silakan ke meja registrasi)</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="110" />
        <source>never</source>
        <translation>belum pernah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="111" />
        <source>Last sync: {when}</source>
        <translation>Sinkronisasi terakhir: {when}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="114" />
        <source>Downloading the list: {done} of {total}</source>
        <translation>Mengunduh daftar peserta: {done} dari {total}</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/ui/status_bar.py" line="116" />
        <source>Checked in: {checked} of {total}</source>
        <translation>Sudah check-in: {checked} dari {total}</translation>
    </message>
</context>
<context>
    <name>Verdict</name>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="74" />
        <source>Goodbye!</source>
        <translation>Sampai jumpa!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="75" />
        <source>Exit recorded. See you soon.</source>
        <translation>Anda tercatat keluar. Sampai jumpa lagi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="77" />
        <source>Please go in.</source>
        <translation>Silakan masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="79" />
        <source>Valid ticket</source>
        <translation>Tiket berlaku</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="80" />
        <source>Valid ticket issued after the last sync. Please go in.</source>
        <translation>Tiket berlaku (diterbitkan setelah sinkronisasi terakhir). Silakan masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="82" />
        <source>Welcome!</source>
        <translation>Selamat datang!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="85" />
        <source>Welcome back!</source>
        <translation>Selamat datang kembali!</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="86" />
        <source>Re-entry recorded. Please go in.</source>
        <translation>Masuk kembali sudah tercatat. Silakan masuk.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="91" />
        <source>Already checked in at {gate}, {time}, by {device}. Please see the desk.</source>
        <translation>Sudah check-in di {gate} pukul {time} (lewat {device}). Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="98" />
        <source>This ticket was already used today. Please see the desk.</source>
        <translation>Tiket ini sudah dipakai hari ini. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="100" />
        <location filename="../../kiosk/gui/verdict_text.py" line="166" />
        <source>Already checked in</source>
        <translation>Sudah check-in</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="103" />
        <source>This ticket is for another event. Please see the desk.</source>
        <translation>Tiket ini untuk acara lain. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="109" />
        <source>This ticket is not valid at {gate}. Please go to {where}.</source>
        <translation>Tiket ini tidak berlaku di {gate}. Silakan menuju {where}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="113" />
        <source>This ticket is not valid at {gate}. Please see the registration desk.</source>
        <translation>Tiket ini tidak berlaku di {gate}. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="105" />
        <location filename="../../kiosk/gui/verdict_text.py" line="116" />
        <location filename="../../kiosk/gui/verdict_text.py" line="167" />
        <source>Wrong entrance</source>
        <translation>Pintu masuk salah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="44" />
        <source>This ticket is not valid today. Valid on: {days}.</source>
        <extracomment>What to hand over (T-shirt size, notes): label/value pairs from the attendee list.</extracomment>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku pada: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="48" />
        <source>This ticket is not valid today. Valid from {start} to {end}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku dari {start} sampai {end}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="52" />
        <source>This ticket is not valid today. Valid from {start}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku mulai {start}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="55" />
        <source>This ticket is not valid today. Valid until {end}.</source>
        <translation>Tiket ini tidak berlaku hari ini. Berlaku sampai {end}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="57" />
        <source>This ticket is not valid today. Please see the desk.</source>
        <translation>Tiket ini tidak berlaku hari ini. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="120" />
        <source>{gate} is not open today. Please go to {where}.</source>
        <translation>{gate} tidak buka hari ini. Silakan menuju {where}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="124" />
        <source>{gate} is not open today. It is open on: {days}.</source>
        <translation>{gate} tidak buka hari ini. Buka pada: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="127" />
        <source>Entrance closed today</source>
        <translation>Pintu masuk tutup hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="130" />
        <source>The event is not on today. Event days: {days}.</source>
        <translation>Acara tidak berlangsung hari ini. Hari acara: {days}.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="133" />
        <location filename="../../kiosk/gui/verdict_text.py" line="136" />
        <location filename="../../kiosk/gui/verdict_text.py" line="168" />
        <source>Not valid today</source>
        <translation>Tidak berlaku hari ini</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="140" />
        <source>Ticket revoked</source>
        <translation>Tiket dicabut</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="142" />
        <source>Registration cancelled</source>
        <translation>Pendaftaran dibatalkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="143" />
        <source>Please see the registration desk.</source>
        <translation>Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="146" />
        <location filename="../../kiosk/gui/verdict_text.py" line="170" />
        <source>Ticket not found</source>
        <translation>Tiket tidak ditemukan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="147" />
        <source>This code is not on the attendee list. Please see the desk.</source>
        <translation>Kode ini tidak ada di daftar peserta. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="151" />
        <location filename="../../kiosk/gui/verdict_text.py" line="171" />
        <source>Invalid ticket</source>
        <translation>Tiket tidak sah</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="152" />
        <source>This ticket could not be verified. Please see the desk.</source>
        <translation>Tiket ini tidak dapat diverifikasi. Silakan ke meja registrasi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="155" />
        <location filename="../../kiosk/gui/verdict_text.py" line="172" />
        <source>That is not a ticket</source>
        <translation>Ini bukan tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="156" />
        <source>Please show the QR code from your ticket e-mail or printout.</source>
        <translation>Tunjukkan kode QR dari e-mail tiket atau cetakan tiket Anda.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="164" />
        <source>Accepted</source>
        <translation>Diterima</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="165" />
        <source>Re-entry</source>
        <translation>Masuk kembali</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/verdict_text.py" line="169" />
        <source>Cancelled</source>
        <translation>Dibatalkan</translation>
    </message>
</context>
<context>
    <name>WalkinDialog</name>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="40" />
        <source>{field}: a word of more than {n} letters is not a name. Was a ticket scanned into the form?</source>
        <extracomment>Longest word of a real name (the longest recorded surnames have ~35 letters).</extracomment>
        <translation>{field}: kata lebih dari {n} huruf bukan nama. Apakah tiket terpindai ke formulir?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="61" />
        <source>Register a walk-in</source>
        <extracomment>Set when staff said the walk-in is someone already on the list.</extracomment>
        <translation>Pendaftaran di tempat</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="72" />
        <source>Check in now</source>
        <translation>Check-in sekarang</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="76" />
        <location filename="../../kiosk/gui/walkin_dialog.py" line="113" />
        <source>Name</source>
        <translation>Nama</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="77" />
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="78" />
        <location filename="../../kiosk/gui/walkin_dialog.py" line="114" />
        <source>Organisation</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="79" />
        <source>Ticket type</source>
        <translation>Jenis tiket</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="80" />
        <source>Notes</source>
        <translation>Catatan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="83" />
        <source>Register</source>
        <translation>Daftarkan</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="84" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="85" />
        <source>Already on the list — is this the same person?</source>
        <translation>Sudah ada di daftar — apakah ini orang yang sama?</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="92" />
        <source>This is the same person: use their ticket</source>
        <translation>Orang yang sama: pakai tiketnya</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="112" />
        <source>A walk-in needs a name.</source>
        <translation>Nama peserta wajib diisi.</translation>
    </message>
    <message>
        <location filename="../../kiosk/gui/walkin_dialog.py" line="145" />
        <source>Register as a new person</source>
        <translation>Daftarkan sebagai orang baru</translation>
    </message>
</context>
</TS>