-- CreateTable
CREATE TABLE "CalendarDay" (
    "date" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updatedById" TEXT,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "CalendarDay_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "Account" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
